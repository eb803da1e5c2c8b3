from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ressources.forms.catalogue import ServiceForm
from ressources.models import Service
from ressources.permissions.access import can_request_access
from ressources.permissions.catalogue import (
    can_edit_service,
    can_offer_services,
    can_view_service,
    check_manage_service_permission,
    check_offer_services_permission,
)
from ressources.permissions.organizations import (
    check_representative_permission,
    is_representative,
    represented_organization_ids,
)
from ressources.selectors import catalogue as selectors
from ressources.selectors.access import open_request_of
from ressources.services.catalogue import (
    archive_service,
    create_service,
    publish_service,
    update_service,
)

PER_PAGE = 20


def querystring_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def catalogue(request):
    query = selectors.CatalogueQuery.from_querydict(request.GET)
    services, facets = selectors.catalogue(query)
    page = Paginator(services, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "ressources/catalogue/catalogue.html",
        {
            "query": query,
            "page": page,
            "facets": facets,
            "sorts": selectors.SORTS,
            "extra_query": querystring_without_page(request),
            # A suspended representative still reads the management pages: keep the way there.
            "is_representative": is_representative(request.viewer),
        },
    )


def service_detail(request, slug):
    service = get_object_or_404(selectors.service_detail_queryset(), slug=slug)
    # A draft or archived service is "not found" for everyone but its organization's people.
    if not can_view_service(request.viewer, service):
        raise Http404
    can_edit = can_edit_service(request.viewer, service)
    context = {
        "service": service,
        "can_edit": can_edit,
        "can_request": can_request_access(request.viewer, service),
    }
    if can_edit and service.status == Service.Status.DRAFT:
        context["similar"] = selectors.similar_services(
            title=service.title,
            summary=service.summary,
            category=service.category,
            exclude_pk=service.pk,
        )
    if request.user.is_authenticated:
        context["open_request"] = open_request_of(service, request.user)
    return render(request, "ressources/catalogue/service_detail.html", context)


def _representable_organization_ids(viewer):
    # None for administrators: they offer services for any organization.
    return None if viewer.is_superuser else represented_organization_ids(viewer)


def _service_form_data(form):
    data = dict(form.cleaned_data)
    return {
        "data": data,
        "organizations": list(data.pop("organizations")),
        "disciplines": list(data.pop("disciplines")),
        "regions": list(data.pop("regions")),
    }


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request):
    check_offer_services_permission(request.viewer)
    organizations = selectors.service_form_organizations(
        _representable_organization_ids(request.viewer)
    )
    form = ServiceForm(
        request.POST if request.method == "POST" else None, organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        service = create_service(actor=request.user, **_service_form_data(form))
        messages.success(
            request,
            _("Brouillon enregistré. Vérifiez l'aperçu et les services semblables, puis publiez."),
        )
        return redirect(service)
    return render(
        request, "ressources/catalogue/service_form.html", {"form": form, "service": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request, slug):
    service = get_object_or_404(Service, slug=slug)
    check_manage_service_permission(request.viewer, service)
    organizations = selectors.service_form_organizations(
        _representable_organization_ids(request.viewer), service=service
    )
    form = ServiceForm(
        request.POST if request.method == "POST" else None,
        instance=service,
        organizations=organizations,
    )
    if request.method == "POST" and form.is_valid():
        update_service(service, actor=request.user, **_service_form_data(form))
        messages.success(request, _("Les modifications sont enregistrées."))
        return redirect(service)
    return render(
        request, "ressources/catalogue/service_form.html", {"form": form, "service": service}
    )


@login_required
@require_POST
def service_publish(request, slug):
    service = get_object_or_404(Service, slug=slug)
    publish_service(service, actor=request.user)
    messages.success(request, _("Le service est publié au catalogue."))
    return redirect(service)


@login_required
@require_http_methods(["GET", "POST"])
def service_archive(request, slug):
    service = get_object_or_404(Service, slug=slug)
    check_manage_service_permission(request.viewer, service)
    if request.method == "POST":
        archive_service(service, actor=request.user)
        messages.success(request, _("Le service est archivé : il ne paraît plus au catalogue."))
        return redirect("ressources:manage")
    return render(request, "ressources/catalogue/service_archive.html", {"service": service})


@login_required
def manage(request):
    """A representative's services, whatever their status."""
    check_representative_permission(request.viewer)
    services = selectors.managed_services(request.user)
    return render(
        request,
        "ressources/catalogue/manage.html",
        {"services": services, "can_offer": can_offer_services(request.viewer)},
    )
