"""Demo forum: three spaces (public, members-only, private) and their first conversations.

Development only. Spaces and their animators are created as an administrator would in Django
admin; members join and write through the same services as the site's forms
(communaute/services/forum.py), so the counters and positions are those of real use.
Idempotent: a space whose slug exists is left as it is, and its conversations are only ever
created together with it. A demo member who is missing is skipped, with the posts they wrote.
"""

from datetime import timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from communaute.models import (
    Attachment,
    Member,
    Notification,
    Post,
    PostLink,
    Space,
    SpaceMembership,
    Topic,
)
from communaute.services.files import prepare_stored_image
from communaute.services.forum import create_topic, join_space, reply
from communaute.services.polls import set_poll, vote
from passerelles.demo.documents import demo_documents
from passerelles.demo.loader import load

# Demo conversations are spread over the last three months (each topic says how many days ago
# it started, its replies follow a few hours apart), so that the animators' dashboard, the
# weekly chart and "last activity" look like a community that has been living for a while.
REPLY_GAP = timedelta(hours=7)
MEMBER_SINCE = timedelta(days=100)
NEWCOMER_SINCE = timedelta(days=4)


def _seed_space(spec, members, animator):
    """Create one space, its memberships and its conversations; return (topics, posts)."""
    space = Space.objects.create(
        name=spec["name"],
        slug=spec["slug"],
        description=spec["description"],
        visibility=spec["visibility"],
    )
    if animator is not None:
        SpaceMembership.objects.create(
            space=space, member=animator, role=SpaceMembership.Role.ANIMATOR
        )
    for email in [*spec["members"], *spec.get("newcomers", [])]:
        member = members.get(email)
        if member is None:
            continue
        if space.visibility == Space.Visibility.PRIVATE:
            # join_space would only file a request for the animators: an administrator
            # sets up the partners' circle directly.
            SpaceMembership.objects.create(space=space, member=member)
        else:
            join_space(space, member=member)

    topics = posts = 0
    for topic_spec in spec["topics"]:
        author = members.get(topic_spec["author"])
        if author is None:
            continue
        topic, first_post = create_topic(
            space,
            author=author,
            title=topic_spec["title"],
            body=topic_spec["body"],
            attachments=demo_documents(topic_spec.get("document")),
        )
        topics += 1
        posts += 1
        written = [first_post]
        for reply_spec in topic_spec.get("replies", []):
            reply_author = members.get(reply_spec["author"])
            if reply_author is None:
                written.append(None)
                continue
            quote = reply_spec.get("quote")
            reply_to = written[quote] if quote is not None else None
            written.append(
                reply(
                    topic,
                    author=reply_author,
                    body=reply_spec["body"],
                    reply_to=reply_to,
                    attachments=demo_documents(reply_spec.get("document")),
                )
            )
            posts += 1
        if topic_spec.get("poll"):
            _seed_poll(topic, author, topic_spec["poll"], members)
        # Animators' gestures, once the conversation has taken place.
        if topic_spec.get("pinned"):
            topic.is_pinned = True
            topic.save(update_fields=["is_pinned"])
        if topic_spec.get("locked"):
            topic.is_locked = True
            topic.save(update_fields=["is_locked"])
        _date_conversation(topic, [post for post in written if post], topic_spec["days_ago"])
    _date_space(space, spec.get("newcomers", []))
    # The demo's own pictures are ready at once: a fresh clone shows them even before the
    # worker has run (members' pictures wait for it: communaute/services/files.py).
    for attachment_id in Attachment.objects.filter(
        post__topic__space=space, ready=False
    ).values_list("pk", flat=True):
        prepare_stored_image.call("communaute.Attachment", attachment_id)
    return topics, posts


def _seed_poll(topic, author, spec, members):
    poll = set_poll(topic, member=author, question=spec["question"], options=spec["options"])
    option_ids = list(poll.options.values_list("pk", flat=True))
    for vote_spec in spec.get("votes", []):
        voter = members.get(vote_spec["member"])
        if voter is not None:
            vote(poll, member=voter, option_ids=[option_ids[i] for i in vote_spec["options"]])


def _date_conversation(topic, posts, days_ago):
    """Move a conversation written just now back to when the demo says it took place, with
    what points at its posts (files, links, the notifications they caused)."""
    start = timezone.now() - timedelta(days=days_ago)
    for index, post in enumerate(posts):
        moment = start + index * REPLY_GAP
        Post.objects.filter(pk=post.pk).update(created_at=moment)
        Attachment.objects.filter(post=post).update(created_at=moment)
        PostLink.objects.filter(post=post).update(created_at=moment)
        permalink = reverse("communaute:post", kwargs={"pk": post.pk})
        Notification.objects.filter(url=permalink).update(created_at=moment)
    Topic.objects.filter(pk=topic.pk).update(created_at=start, last_activity_at=moment)


def _date_space(space, newcomer_emails):
    now = timezone.now()
    space.memberships.exclude(member__email__in=newcomer_emails).update(
        joined_at=now - MEMBER_SINCE
    )
    space.memberships.filter(member__email__in=newcomer_emails).update(
        joined_at=now - NEWCOMER_SINCE
    )
    latest = space.topics.aggregate(latest=Max("last_activity_at"))["latest"]
    Space.objects.filter(pk=space.pk).update(created_at=now - MEMBER_SINCE, last_activity_at=latest)


def seed_forum(stdout=None):
    data = load("forum")
    emails = {data["animator"]}
    for spec in data["spaces"]:
        emails.update(spec["members"], spec.get("newcomers", []))
        for topic_spec in spec["topics"]:
            emails.add(topic_spec["author"])
            emails.update(reply_spec["author"] for reply_spec in topic_spec.get("replies", []))
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}

    spaces = topics = posts = 0
    for spec in data["spaces"]:
        if Space.objects.filter(slug=spec["slug"]).exists():
            continue
        space_topics, space_posts = _seed_space(spec, members, members.get(data["animator"]))
        spaces += 1
        topics += space_topics
        posts += space_posts
    if stdout:
        stdout.write(f"  forum: {spaces} spaces, {topics} topics, {posts} posts created")
