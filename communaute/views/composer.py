"""The composer's endpoints (static/js/composer.js): the preview of a text as it will be
published, the drafts saved while typing, and « Mes brouillons »."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communaute.models.drafts import DRAFT_MAX_LENGTH
from communaute.permissions.suspensions import check_not_suspended
from communaute.selectors import drafts as selectors
from communaute.services.drafts import discard_draft, save_draft
from communaute.services.forum import post_html
from passerelles.core.markdown import render_markdown
from passerelles.core.page_cache import private_write

DRAFTS_PER_PAGE = 20


@private_write
@never_cache
@login_required
@require_POST
def composer_preview(request: HttpRequest) -> HttpResponse:
    """The text rendered as it would be published: the same sanitizer, and the @handles linked
    where the place links them (the forum). A fragment for the composer's « Aperçu » tab."""
    body = request.POST.get("body", "")
    if len(body) > DRAFT_MAX_LENGTH:
        return HttpResponse(
            format_html(
                '<p class="message message--error">{}</p>',
                _("Le texte dépasse %(max)s caractères : raccourcissez-le pour le publier.")
                % {"max": DRAFT_MAX_LENGTH},
            ),
            status=400,
        )
    body = body.replace("\x00", "")
    html = post_html(body) if request.POST.get("mentions") == "1" else render_markdown(body)
    return HttpResponse(html)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@private_write
@never_cache
@login_required
@require_POST
def draft_save(request: HttpRequest) -> JsonResponse:
    """Keep what is typed in a place; the member must be able to write there."""
    try:
        draft = save_draft(
            request.viewer, request.POST.get("place", "")[:100], request.POST.get("body", "")
        )
    except PermissionDenied as refusal:
        return JsonResponse({"error": str(refusal)}, status=403)
    except ValidationError as refusal:
        return JsonResponse({"error": " ".join(refusal.messages)}, status=400)
    if draft is None:
        return JsonResponse({"saved": False})
    saved_at = formats.date_format(timezone.localtime(draft.updated_at), "DATETIME_FORMAT")
    return JsonResponse({"saved": True, "saved_at": saved_at})


def _return_url(request: HttpRequest, fallback: str) -> str:
    url = request.POST.get("suivant") or request.GET.get("suivant") or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def draft_discard(request: HttpRequest) -> HttpResponse:
    """Throw a draft away: a confirmation page first without JavaScript (the composer asks
    with a dialog). Only ever the member's own draft; an unknown place has nothing to throw."""
    place = (request.POST.get("lieu") or request.GET.get("lieu") or "")[:100]
    back = _return_url(request, fallback="")
    draft = selectors.draft_for(request.user, place)
    if request.method == "POST":
        check_not_suspended(request.viewer)
        discarded = discard_draft(request.user, place)
        if _wants_json(request):
            return JsonResponse({"discarded": discarded})
        if discarded:
            messages.success(request, _("Le brouillon est jeté."))
        return redirect(back or "communaute:drafts")
    if draft is None:
        messages.info(request, _("Ce brouillon n'existe plus."))
        return redirect(back or "communaute:drafts")
    (row,) = selectors.with_targets(request.viewer, [draft])
    return render(
        request,
        "communaute/drafts/draft_discard.html",
        {"row": row, "back": back or None},
    )


@login_required
@require_GET
def drafts(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.drafts_of(request.user), DRAFTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communaute/drafts/drafts.html",
        {"page": page, "rows": selectors.with_targets(request.viewer, list(page.object_list))},
    )
