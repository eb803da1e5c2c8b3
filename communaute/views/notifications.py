"""The notification centre's pages: the list, opening one, marking read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communaute.notifications.centre import mark_all_read, mark_read, notifications_for
from passerelles.core.links import localized_path

NOTIFICATIONS_PER_PAGE = 20


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("filtre") == "non-lues"
    rows = notifications_for(request.user)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "communaute/notifications/notifications.html",
        {
            "page": page,
            "unread_only": unread_only,
            "extra_query": "filtre=non-lues" if unread_only else "",
        },
    )


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = mark_read(request.user, pk)
    # Notifications store the site's French path; a reader of /en/ goes to the English page.
    target = localized_path(notification.url, translation.get_language())
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("communaute:notifications")
    return redirect(target)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    mark_read(request.user, pk)
    # Back to the same page and filter of the list, never to another site.
    back = request.POST.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = reverse("communaute:notifications")
    return HttpResponseRedirect(back)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    if mark_all_read(request.user):
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("communaute:notifications")
