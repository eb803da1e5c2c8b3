from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ressources.forms.catalogue import AccessRequestForm, RequestStatusForm, ServiceForm
from ressources.hooks.organizations import sections_for
from ressources.models import AccessRequest, Service
from ressources.permissions.catalogue import (
    allowed_statuses,
    can_answer_request,
    can_edit_service,
    can_offer_services,
    can_request_access,
    can_view_request,
    can_view_service,
    check_manage_service_permission,
    check_offer_services_permission,
    check_representative_permission,
    check_request_access_permission,
    is_representative,
    represented_organization_ids,
)
from ressources.selectors import catalogue as selectors
from ressources.services.catalogue import (
    DuplicateRequestError,
    archive_service,
    change_request_status,
    create_access_request,
    create_service,
    publish_service,
    update_service,
)

PER_PAGE = 20


def _querystring_without_page(request):
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
            "extra_query": _querystring_without_page(request),
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
        context["open_request"] = selectors.open_request_of(service, request.user)
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


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request, slug):
    service = get_object_or_404(Service.objects.published(), slug=slug)
    # Checked before the form is shown, not only when it is sent: no form to fill in vain.
    check_request_access_permission(request.viewer, service)
    form = AccessRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            access_request = create_access_request(
                service, member=request.user, data=form.cleaned_data
            )
        except DuplicateRequestError as duplicate:
            messages.info(
                request, _("Vous avez déjà une demande en cours pour ce service : la voici.")
            )
            return redirect(duplicate.existing)
        messages.success(
            request,
            _("Votre demande est envoyée. L'organisation vous répondra ici et par courriel."),
        )
        return redirect(access_request)
    return render(
        request, "ressources/access/request_form.html", {"form": form, "service": service}
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    access_request = get_object_or_404(selectors.request_detail_queryset(), pk=pk)
    # Same answer for "does not exist" and "not yours": request numbers reveal nothing.
    if not can_view_request(request.viewer, access_request):
        raise Http404
    allowed = allowed_statuses(request.viewer, access_request)
    answering = can_answer_request(request.viewer, access_request)
    answer_choices = allowed - {AccessRequest.Status.WITHDRAWN}
    form = None
    if answering and answer_choices:
        form = RequestStatusForm(
            request.POST if request.method == "POST" else None, allowed=answer_choices
        )
    if request.method == "POST":
        if "withdraw" in request.POST:
            new_status, message = AccessRequest.Status.WITHDRAWN, ""
        elif form is not None and form.is_valid():
            new_status, message = form.cleaned_data["status"], form.cleaned_data["message"]
        elif form is None:
            raise PermissionDenied(_("Vous ne pouvez pas modifier cette demande."))
        else:
            new_status = None
        if new_status:
            change_request_status(
                access_request, actor=request.user, new_status=new_status, message=message
            )
            messages.success(request, _("La demande est mise à jour."))
            return redirect(access_request)
    return render(
        request,
        "ressources/access/request_detail.html",
        {
            "access_request": access_request,
            "form": form,
            "can_withdraw": AccessRequest.Status.WITHDRAWN in allowed,
            "answering": answering,
        },
    )


@login_required
def my_requests(request):
    page = Paginator(selectors.requests_of_member(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "ressources/access/my_requests.html", {"page": page})


@login_required
def request_dashboard(request):
    check_representative_permission(request.viewer)
    status = request.GET.get("statut", "")
    service_slug = request.GET.get("service", "")
    requests, counts = selectors.requests_for_representative(
        request.user, status=status, service_slug=service_slug
    )
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    statuses = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in AccessRequest.Status.choices
    ]
    return render(
        request,
        "ressources/access/request_dashboard.html",
        {
            "page": page,
            "statuses": statuses,
            "status": status,
            "service_slug": service_slug,
            "services": selectors.services_with_requests(request.user),
            "total": sum(counts.values()),
            "extra_query": _querystring_without_page(request),
        },
    )


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
