from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from communaute.hooks.drafts import place_key
from communaute.selectors.drafts import show_draft
from communaute.services.drafts import discard_draft
from communaute.services.files import stored_file_response
from passerelles.core.forms import id_or_none
from ressources.forms.access import AccessRequestForm, RequestAnswerForm, RequestMessageForm
from ressources.models import AccessRequest, Service
from ressources.permissions.access import (
    allowed_statuses,
    can_answer_request,
    can_take_part,
    can_view_request,
    check_request_access_permission,
    check_take_part_permission,
)
from ressources.permissions.organizations import check_representative_permission
from ressources.selectors import access as selectors
from ressources.services.access import (
    DuplicateRequestError,
    change_request_status,
    close_request,
    create_access_request,
    post_request_message,
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


def _viewable_request_or_404(viewer, pk) -> AccessRequest:
    access_request = get_object_or_404(selectors.request_detail_queryset(), pk=pk)
    # Same answer for "does not exist" and "not yours": request numbers reveal nothing.
    if not can_view_request(viewer, access_request):
        raise Http404
    return access_request


def _message_form(request, access_request):
    """The representative's answer form (status and message) or the member's message form;
    None when the viewer may not write (a closed request, a suspended account)."""
    if not can_take_part(request.viewer, access_request):
        return None
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    if can_answer_request(request.viewer, access_request):
        allowed = allowed_statuses(request.viewer, access_request) - {
            AccessRequest.Status.WITHDRAWN
        }
        return RequestAnswerForm(data, files, allowed=allowed)
    return RequestMessageForm(data, files)


def _write(request, access_request, form) -> str:
    """Write what the form holds; the sentence that confirms it."""
    data = form.cleaned_data
    if data.get("status"):
        change_request_status(
            access_request,
            actor=request.user,
            new_status=data["status"],
            message=data["message"],
            attachments=data["attachments"],
            token=data["token"],
        )
        if not data["message"]:
            return _("La demande est mise à jour.")
    else:
        post_request_message(
            request.user,
            access_request,
            body=data["message"],
            attachments=data["attachments"],
            token=data["token"],
        )
    return _("Votre message est ajouté à la demande.")


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    """The request's page, for the member who asked (representatives read it here too)."""
    access_request = _viewable_request_or_404(request.viewer, pk)
    return _request_page(request, access_request, access_request.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def request_manage(request, pk):
    """The same request on the organization's side, where notifications send representatives."""
    access_request = _viewable_request_or_404(request.viewer, pk)
    if not can_answer_request(request.viewer, access_request):
        raise Http404
    return _request_page(request, access_request, access_request.get_management_url())


def _request_page(request, access_request, page_url):
    form = _message_form(request, access_request)
    if request.method == "POST":
        if form is None:
            check_take_part_permission(request.viewer, access_request)
            raise PermissionDenied(_("Vous ne pouvez pas écrire dans cette demande."))
        if form.is_valid():
            messages.success(request, _write(request, access_request, form))
            discard_draft(request.user, place_key("request", access_request.pk))
            return redirect(f"{page_url}#fil")
    paginator = Paginator(selectors.timeline(access_request), selectors.EVENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    events = list(page.object_list)
    if form is not None:
        show_draft(
            form,
            request.user,
            place_key("request", access_request.pk),
            return_url=f"{page_url}#answer-heading",
            field="message",
        )
    return render(
        request,
        "ressources/access/request_detail.html",
        {
            "access_request": access_request,
            "page": page,
            "events": events,
            # New entries come live only at the end of the timeline, on its last page.
            "live_after": events[-1].pk if events and not page.has_next() else None,
            "form": form,
            "can_close": can_take_part(request.viewer, access_request),
            "answering": can_answer_request(request.viewer, access_request),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_close(request, pk):
    """A confirmation first: once closed, nobody writes in the request any more."""
    access_request = _viewable_request_or_404(request.viewer, pk)
    check_take_part_permission(request.viewer, access_request)
    withdrawing = access_request.member_id == request.user.pk and access_request.is_open
    if request.method == "POST":
        close_request(access_request, actor=request.user)
        messages.success(
            request,
            _("Votre demande est retirée.") if withdrawing else _("La demande est close."),
        )
        return redirect(access_request.url_for(request.user))
    return render(
        request,
        "ressources/access/request_close.html",
        {
            "access_request": access_request,
            "withdrawing": withdrawing,
            "back_url": access_request.url_for(request.user),
        },
    )


@login_required
@never_cache
@require_GET
def request_feed(request, pk):
    """The timeline's entries after ?apres=<id>, for the page's live feed (LIVE_CONTRACT)."""
    access_request = _viewable_request_or_404(request.viewer, pk)
    after = request.GET.get("apres", "")
    after_id = 0 if after.strip() == "0" else id_or_none(after)
    if after_id is None:
        return HttpResponseBadRequest(_("Le paramètre « apres » doit être un numéro d'entrée."))
    events = selectors.events_after(access_request, after_id)
    if not events:
        return HttpResponse(status=204)
    return render(
        request,
        "ressources/access/_events.html",
        {"events": events, "access_request": access_request},
    )


@login_required
def request_attachment(request, pk, thumbnail=False):
    """A file joined to a request goes only to its two sides: no public address exists."""
    attachment = selectors.request_attachment(pk)
    # An image not yet re-encoded is the file as sent (communaute/services/files.py): it
    # never goes out.
    if (
        attachment is None
        or not attachment.ready
        or not can_view_request(request.viewer, attachment.event.request)
    ):
        raise Http404
    return stored_file_response(attachment, thumbnail=thumbnail)


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
