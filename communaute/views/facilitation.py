"""A space's facilitation dashboard and its one-click actions (pin, welcome).

"Write to a member" opens the space's new-topic form prefilled with an @mention: the portal
has no private messages and members' email addresses are private, so the animator writes in
the open and the mention reaches the member through their notifications.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communaute.charts import activity_chart
from communaute.models import Topic
from communaute.permissions.access import space_or_404
from communaute.permissions.moderation import check_view_dashboard_permission
from communaute.selectors import facilitation as selectors
from communaute.selectors import spaces as space_selectors
from communaute.services.facilitation import welcome_member
from communaute.services.moderation import set_topic_pinned


def _write_to_url(space, member):
    query = urlencode(
        {
            "titre": _("Des nouvelles de %(name)s") % {"name": member.public_name},
            "message": _(
                "@%(handle)s Bonjour %(name)s ! Nous aimerions avoir de vos nouvelles : "
                "sur quoi travaillez-vous ces temps-ci ?"
            )
            % {"handle": member.handle, "name": member.public_name},
        }
    )
    return f"{reverse('communaute:topic_create', kwargs={'slug': space.slug})}?{query}"


@login_required
def space_dashboard(request, slug):
    space = space_or_404(request.viewer, slug)
    check_view_dashboard_permission(request.viewer, space)
    unanswered = selectors.unanswered_topics(space)
    quiet = selectors.quiet_members(space)
    for membership in quiet:
        membership.write_url = _write_to_url(space, membership.member)
    weeks = selectors.weekly_activity(space)
    return render(
        request,
        "communaute/facilitation/dashboard.html",
        {
            "space": space,
            "unanswered": unanswered,
            "newcomers": selectors.newcomers_without_posts(space),
            "quiet": quiet,
            "weeks": weeks,
            "chart": activity_chart(weeks),
            "total_posts": sum(week.posts for week in weeks),
            "documents": selectors.most_shared_documents(space),
            "flags": selectors.open_flags(space),
        },
    )


@login_required
@require_POST
def dashboard_pin(request, slug, pk):
    space = space_or_404(request.viewer, slug)
    check_view_dashboard_permission(request.viewer, space)
    topic = get_object_or_404(Topic, pk=pk, space=space)
    set_topic_pinned(
        topic,
        actor=request.user,
        pinned=True,
        reason=_("Mis en avant par l'équipe d'animation : ce sujet attend encore une réponse."),
    )
    messages.success(
        request, _("« %(title)s » est épinglé en haut de l'espace.") % {"title": topic.title}
    )
    return redirect("communaute:space_dashboard", slug=space.slug)


@login_required
@require_POST
def dashboard_welcome(request, slug, pk):
    space = space_or_404(request.viewer, slug)
    check_view_dashboard_permission(request.viewer, space)
    membership = get_object_or_404(space_selectors.memberships_of(space), pk=pk)
    welcome_member(membership, actor=request.user)
    messages.success(
        request,
        _("Votre mot de bienvenue est envoyé à %(name)s.")
        % {"name": membership.member.public_name},
    )
    return redirect("communaute:space_dashboard", slug=space.slug)
