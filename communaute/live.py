"""What the community offers the live-updates channel (passerelles/core/live/): the topics'
channels and the header's notifications count. Imported by CommunauteConfig.ready().

"topic:<id>" may be listened to by whoever may open the topic's page (topic_or_404: its space
readable, the topic not hidden from them); its events carry post ids only, and the fragment
view (communaute:topic_new_posts) leaves out the hidden posts this reader may not see.
"""

from django.http import Http404

from communaute.notifications.centre import unread_count
from communaute.permissions.access import SignInRequired, topic_or_404
from communaute.permissions.viewer import Viewer
from passerelles.core.forms import id_or_none
from passerelles.core.live import publish, register_channel, register_counter

TOPIC = "topic"
NEW_POST = "post"


def topic_channel(topic_id: int) -> str:
    return f"{TOPIC}:{topic_id}"


def can_listen_topic(user, key: str) -> bool:
    topic_id = id_or_none(key)
    if topic_id is None:
        return False
    try:
        topic_or_404(Viewer.of(user), topic_id)
    except (Http404, SignInRequired):
        return False
    return True


def post_added(post) -> None:
    """Tell the topic's open pages that a post appeared (once the write commits). A post
    hidden from the start is not announced: even its id would say it exists."""
    if post.hidden_at is None:
        publish(topic_channel(post.topic_id), NEW_POST, {"id": post.pk})


register_channel(TOPIC, can_listen_topic)
register_counter("notifications", unread_count)
