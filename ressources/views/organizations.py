from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ressources.hooks.organizations import sections_for
from ressources.permissions.organizations import can_follow_organization
from ressources.selectors import organizations as selectors
from ressources.services.organizations import follow_organization, stop_following_organization
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
            "can_follow": can_follow_organization(request.viewer),
            "follows": selectors.follows_organization(request.user, organization),
        },
    )


@login_required
@require_POST
def organization_follow(request, slug):
    organization = get_object_or_404(selectors.organization_detail_queryset(), slug=slug)
    if request.POST.get("action") == "follow":
        follow_organization(request.user, organization)
        messages.success(
            request,
            _(
                "Vous suivez cette organisation : ses nouveaux services et publications "
                "paraîtront dans « Quoi de neuf »."
            ),
        )
    else:
        stop_following_organization(request.user, organization)
        messages.success(request, _("Vous ne suivez plus cette organisation."))
    return redirect(organization)
