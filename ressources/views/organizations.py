from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from ressources.hooks.organizations import sections_for
from ressources.selectors import organizations as selectors
from ressources.views.catalogue import PER_PAGE


def organization_list(request):
    page = Paginator(selectors.organizations_with_counts(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "ressources/organizations/organization_list.html", {"page": page})


def organization_detail(request, slug):
    organization = get_object_or_404(selectors.organization_detail_queryset(), slug=slug)
    services, representatives = selectors.organization_page(organization)
    return render(
        request,
        "ressources/organizations/organization_detail.html",
        {
            "organization": organization,
            "services": services,
            "representatives": representatives,
            "sections": sections_for(organization),
        },
    )
