"""Who may add, answer and close a topic's poll: check_* raise, can_* answer.

Whoever may reply in the topic may vote; a suspended member reads the results but does not
vote. The topic's author (or someone an app's rule allows, communaute/hooks/polls.py) adds a
poll, and may change it while nobody has voted. The author and the moderators close it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.hooks.polls import opens_polls_by_rule
from communaute.models import Poll, Topic
from communaute.permissions.forum import check_reply_permission
from communaute.permissions.moderation import can_moderate_space
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer


def can_reply_in_topic(viewer: Viewer, topic: Topic) -> bool:
    try:
        check_reply_permission(viewer, topic)
    except PermissionDenied:
        return False
    return True


def can_set_poll(viewer: Viewer, topic: Topic, *, has_votes: bool = False) -> bool:
    """Add a poll to the topic, or change its poll while no vote exists."""
    if has_votes or not can_reply_in_topic(viewer, topic):
        return False
    return (topic.author_id is not None and topic.author_id == viewer.pk) or opens_polls_by_rule(
        viewer, topic
    )


def check_set_poll_permission(viewer: Viewer, topic: Topic, *, has_votes: bool = False) -> None:
    check_not_suspended(viewer)
    if has_votes:
        raise PermissionDenied(
            _("Des membres ont déjà voté : le sondage ne peut plus être modifié.")
        )
    if not can_set_poll(viewer, topic):
        raise PermissionDenied(
            _("Seule la personne qui a ouvert le sujet peut y ajouter un sondage.")
        )


def can_vote(viewer: Viewer, poll: Poll) -> bool:
    return can_reply_in_topic(viewer, poll.topic) and not poll.is_closed()


def check_vote_permission(viewer: Viewer, poll: Poll) -> None:
    check_not_suspended(viewer)
    if not viewer.is_authenticated:
        raise PermissionDenied(_("Connectez-vous pour voter."))
    check_reply_permission(viewer, poll.topic)


def _closes_polls(viewer: Viewer, poll: Poll) -> bool:
    if not viewer.is_authenticated or viewer.active_suspension is not None:
        return False
    return (poll.author_id is not None and poll.author_id == viewer.pk) or can_moderate_space(
        viewer, poll.topic.space
    )


def can_close_poll(viewer: Viewer, poll: Poll) -> bool:
    return not poll.is_closed() and _closes_polls(viewer, poll)


def check_close_poll_permission(viewer: Viewer, poll: Poll) -> None:
    check_not_suspended(viewer)
    if not _closes_polls(viewer, poll):
        raise PermissionDenied(
            _("Seules la personne qui a ouvert le sondage et l'équipe de modération le closent.")
        )
