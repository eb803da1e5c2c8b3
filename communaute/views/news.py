"""« Quoi de neuf »: the page of what is new for a member, and marking it all as seen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communaute.selectors import news as selectors
from communaute.services.news import mark_news_seen

MAX_CURSOR_LENGTH = 500


@login_required
@require_GET
def whats_new_page(request):
    cursor = request.GET.get("apres", "")
    last = None
    if cursor:
        try:
            if len(cursor) > MAX_CURSOR_LENGTH:
                raise selectors.BadCursor(cursor)
            window, after = selectors.decode_cursor(cursor)
        except selectors.BadCursor:
            return render(request, "communaute/news/bad_cursor.html", status=400)
    else:
        # Opening the page is looking: the next visit starts where this one ends. Later
        # pages carry this window in their cursor, so they still show it.
        last = selectors.seen_until(request.user)
        window, after = selectors.window_after(last), None
        mark_news_seen(request.user, window.until)
    page = selectors.whats_new(request.user, window, after=after, limit=selectors.PER_PAGE)
    context = {
        "news": page,
        "first_page": after is None,
        "first_look": after is None and last is None,
        "next_cursor": (
            selectors.encode_cursor(window, page.next_position) if page.next_position else ""
        ),
    }
    return render(request, "communaute/news/whats_new.html", context)


@login_required
@require_POST
def whats_new_seen(request):
    mark_news_seen(request.user, timezone.now())
    messages.success(
        request, _("Tout est marqué comme vu : seules les nouveautés à venir paraîtront.")
    )
    # Back where the button was (the home page), never to another site.
    back = request.POST.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = reverse("communaute:whats_new")
    return HttpResponseRedirect(back)
