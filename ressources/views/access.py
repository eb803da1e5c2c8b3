from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ressources.forms.access import AccessRequestForm, RequestStatusForm
from ressources.models import AccessRequest, Service
from ressources.permissions.access import (
    allowed_statuses,
    can_answer_request,
    can_view_request,
    check_request_access_permission,
)
from ressources.permissions.organizations import check_representative_permission
from ressources.selectors import access as selectors
from ressources.services.access import (
    DuplicateRequestError,
    change_request_status,
    create_access_request,
)
from ressources.views.catalogue import PER_PAGE, querystring_without_page


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
            "extra_query": querystring_without_page(request),
        },
    )
