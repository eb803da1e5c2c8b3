"""Following, muting, email preferences, unsubscribing, announcements, mention suggestions.
Thin: permissions in following_permissions, writes in services, reads in following_selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communaute.avatars import avatar_url
from communaute.forms.following import AnnouncementForm, EmailPreferenceForm
from communaute.models import EmailFrequency
from communaute.notifications.emails import member_from_token
from communaute.notifications.preferences import set_email_frequency, set_email_language
from communaute.permissions.access import space_or_404, topic_or_404, visible_space_or_404
from communaute.permissions.following import check_announce_permission
from communaute.selectors import following as selectors
from communaute.selectors import spaces as space_selectors
from communaute.services.announcements import publish_announcement
from communaute.services.following import (
    follow_space,
    follow_topic,
    mute_topic,
    stop_following_space,
    stop_following_topic,
)
from passerelles.core.search import clean_query


@login_required
@require_POST
def topic_follow(request, pk):
    topic = topic_or_404(request.viewer, pk)
    action = request.POST.get("action")
    if action == "follow":
        follow_topic(request.user, topic)
        messages.success(request, _("Vous suivez ce sujet : ses réponses vous seront signalées."))
    elif action == "mute":
        mute_topic(request.user, topic)
        messages.success(request, _("Ce sujet est en sourdine : il ne vous notifiera plus."))
    elif action == "stop":
        stop_following_topic(request.user, topic)
        messages.success(request, _("Vous ne suivez plus ce sujet."))
    else:
        raise Http404
    if request.POST.get("next") == "preferences":
        return redirect("compte:email_preferences")
    return redirect(topic)


@login_required
@require_POST
def space_follow(request, slug):
    space = space_or_404(request.viewer, slug)
    if request.POST.get("action") == "follow":
        follow_space(request.user, space)
        messages.success(
            request, _("Vous suivez cet espace : ses nouveaux sujets vous seront signalés.")
        )
    else:
        stop_following_space(request.user, space)
        messages.success(request, _("Vous ne suivez plus cet espace."))
    if request.POST.get("next") == "preferences":
        return redirect("compte:email_preferences")
    return redirect("communaute:space", slug=space.slug)


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences(request):
    form = EmailPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={
            "frequency": selectors.frequency_of(request.user),
            "language": request.user.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        set_email_frequency(request.user, form.cleaned_data["frequency"], actor=request.user)
        set_email_language(request.user, form.cleaned_data["language"], actor=request.user)
        messages.success(request, _("Vos préférences de courriel sont enregistrées."))
        return redirect("compte:email_preferences")
    return render(
        request,
        "communaute/notifications/email_preferences.html",
        {
            "form": form,
            "spaces": selectors.followed_spaces(request.user),
            "muted": selectors.muted_topics(request.user),
        },
    )


# A mail client's one-click unsubscribe (RFC 8058) posts without a CSRF token: the signed
# token in the address is what proves the request comes from the email.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    member = member_from_token(token)
    if member is None:
        return render(
            request, "communaute/notifications/unsubscribe.html", {"invalid": True}, status=404
        )
    done = request.method == "POST"
    if done:
        set_email_frequency(member, EmailFrequency.NONE, actor=None, token_checked=True)
    # Reached from an email, often on another device: no session, no personal detail shown.
    return render(
        request, "communaute/notifications/unsubscribe.html", {"done": done, "token": token}
    )


@login_required
@require_http_methods(["GET", "POST"])
def announcement_create(request, slug):
    space = space_or_404(request.viewer, slug)
    check_announce_permission(request.viewer, space)
    form = AnnouncementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        announcement = publish_announcement(
            space,
            author=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        messages.success(
            request, _("L'annonce est publiée et les membres de l'espace en sont avisés.")
        )
        return redirect(announcement.get_absolute_url())
    return render(
        request, "communaute/following/announcement_form.html", {"space": space, "form": form}
    )


def announcement_detail(request, pk):
    announcement = get_object_or_404(selectors.announcement_detail_queryset(), pk=pk)
    visible_space_or_404(request.viewer, announcement.space)
    return render(
        request,
        "communaute/following/announcement_detail.html",
        {"announcement": announcement, "space": announcement.space},
    )


@login_required
@require_GET
def mention_suggestions(request):
    """Members one may mention whose handle or name starts with what was typed after "@", among
    the people who may read the space (JSON for the autocomplete of the post forms)."""
    text = clean_query(request.GET.get("q", ""), 41).lstrip("@")[:40]
    if not text:
        return JsonResponse({"results": []})
    space = space_selectors.space_with_slug(request.GET.get("espace", ""))
    if space is not None:
        visible_space_or_404(request.viewer, space)
    rows = selectors.mention_suggestions(text, space)
    return JsonResponse(
        {
            "results": [
                {"handle": row.handle, "name": row.public_name, "avatar": avatar_url(row)}
                for row in rows
            ]
        }
    )
