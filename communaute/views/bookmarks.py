"""« Mis de côté »: the member's page, setting aside and taking back, reminders. Thin: reads
in selectors/bookmarks.py, writes in services/bookmarks.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communaute.forms.bookmarks import BookmarkReminderForm
from communaute.hooks.bookmarks import get_bookmark_kind
from communaute.selectors import bookmarks as selectors
from communaute.selectors.bookmarks import POST
from communaute.services.bookmarks import remove_bookmark, set_aside, set_reminder
from passerelles.core.forms import id_or_none

BOOKMARKS_PER_PAGE = 20


@login_required
@require_GET
def bookmark_list(request):
    page = Paginator(selectors.bookmarks_of(request.viewer), BOOKMARKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "communaute/bookmarks/bookmark_list.html", {"page": page})


@login_required
@require_POST
def bookmark_set(request, kind, object_id):
    return _set_aside(request, kind, id_or_none(object_id), on=request.POST.get("on") != "0")


@login_required
@require_POST
def bookmark_post(request):
    """The topic page's one « Mettre de côté » form: each post's button sends
    "<post id>:<1 or 0>", so the page carries one form and one token for all its posts."""
    post_id, _sep, on = request.POST.get("post", "").partition(":")
    return _set_aside(request, POST, id_or_none(post_id), on=on != "0")


def _set_aside(request, kind, object_id, *, on):
    registered = get_bookmark_kind(kind)
    if registered is None or object_id is None:
        raise Http404
    target = registered.visible(request.viewer, [object_id]).get(object_id)
    if target is None:
        raise Http404
    if set_aside(request.user, kind=kind, object_id=object_id, on=on):
        messages.success(
            request, _("Mis de côté : vous le retrouverez dans la page « Mis de côté ».")
        )
    else:
        messages.success(request, _("Retiré de vos éléments mis de côté."))
    return redirect(target.url)


def _own_bookmark(request, pk):
    bookmark = selectors.bookmark_of(request.user, id_or_none(pk) or 0)
    shown = selectors.resolve(request.viewer, [bookmark]) if bookmark else []
    if not shown:
        raise Http404
    return shown[0]


@login_required
@require_http_methods(["GET", "POST"])
def bookmark_reminder(request, pk):
    shown = _own_bookmark(request, pk)
    form = BookmarkReminderForm(
        request.POST if request.method == "POST" else None,
        initial={"remind_on": shown.remind_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_reminder(
                shown.bookmark, member=request.user, remind_on=form.cleaned_data["remind_on"]
            )
        except ValidationError as refusal:
            form.add_error("remind_on", refusal)
        else:
            if form.cleaned_data["remind_on"]:
                messages.success(request, _("C'est noté : nous vous le rappellerons à cette date."))
            else:
                messages.success(request, _("Le rappel est retiré."))
            return redirect("communaute:bookmarks")
    return render(
        request,
        "communaute/bookmarks/bookmark_reminder.html",
        {"shown": shown, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def bookmark_remove(request, pk):
    shown = _own_bookmark(request, pk)
    if request.method == "POST":
        remove_bookmark(shown.bookmark, member=request.user)
        messages.success(request, _("Retiré de vos éléments mis de côté."))
        return redirect("communaute:bookmarks")
    return render(request, "communaute/bookmarks/bookmark_remove.html", {"shown": shown})
