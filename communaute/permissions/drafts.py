"""Who may keep a draft where: the same rules as writing there. The kinds of places communaute
offers are registered here (communaute/hooks/drafts.py)."""

from collections.abc import Collection

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communaute.hooks.drafts import DraftTarget, parse_place, register_draft_place
from communaute.models import ConversationParticipant, Space, Topic
from communaute.permissions.forum import can_post_in_space, can_view_space
from communaute.permissions.messaging import can_write
from communaute.permissions.moderation import can_view_topic
from communaute.permissions.viewer import Viewer


def _new_topic_targets(viewer: Viewer, ids: Collection[int]) -> dict[int, DraftTarget]:
    return {
        space.pk: DraftTarget(space.name, reverse("communaute:topic_create", args=[space.slug]))
        for space in Space.objects.filter(pk__in=ids)
        if can_view_space(viewer, space) and can_post_in_space(viewer, space)
    }


def _reply_targets(viewer: Viewer, ids: Collection[int]) -> dict[int, DraftTarget]:
    # The topic page offers its reply form under the same conditions.
    topics = Topic.objects.filter(pk__in=ids).select_related("space")
    return {
        topic.pk: DraftTarget(topic.title, topic.get_page_url(topic.page_count) + "#reply-heading")
        for topic in topics
        if can_view_space(viewer, topic.space)
        and can_view_topic(viewer, topic)
        and can_post_in_space(viewer, topic.space)
        and not topic.is_locked
    }


def _message_targets(viewer: Viewer, ids: Collection[int]) -> dict[int, DraftTarget]:
    if not can_write(viewer):
        return {}
    places = ConversationParticipant.objects.filter(
        conversation_id__in=ids, member_id=viewer.pk, left_at__isnull=True
    ).select_related("conversation")
    return {
        place.conversation_id: DraftTarget(
            str(place.conversation), place.conversation.get_absolute_url() + "#reply-heading"
        )
        for place in places
    }


NEW_TOPIC = register_draft_place("topic", gettext_lazy("Nouveau sujet"), _new_topic_targets)
REPLY = register_draft_place("reply", gettext_lazy("Réponse dans un sujet"), _reply_targets)
MESSAGE = register_draft_place("message", gettext_lazy("Message privé"), _message_targets)


def draft_target(viewer: Viewer, place: str) -> DraftTarget | None:
    """Where the draft of this place is written, if the viewer may write there."""
    if not viewer.is_authenticated or not viewer.is_active:
        return None
    parsed = parse_place(place)
    if parsed is None:
        return None
    kind, number = parsed
    return kind.targets(viewer, [number]).get(number)


def check_draft_permission(viewer: Viewer, place: str) -> DraftTarget:
    target = draft_target(viewer, place)
    if target is None:
        raise PermissionDenied(_("Vous ne pouvez pas écrire à cet endroit."))
    return target
