"""What one member has of a topic page, read in one query (issue 16).

A member's topic page asked five small questions of its own, each a query: where they stopped
reading, whether they follow the topic, their reactions and what they set aside on the page,
their draft of a reply. Compiling and sending them cost more than answering them; here they are
one statement, and the pieces that asked them take its answers (TopicReading) when the page
has them, and still ask on their own elsewhere.
"""

import functools
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import connections, router

from communaute.models import Bookmark, Draft, Reaction, ReadState, TopicSubscription
from communaute.selectors.bookmarks import POST, TOPIC


@dataclass
class TopicReading:
    last_read: int | None = None
    follow_level: str = ""
    reactions: set[tuple[int, str]] = field(default_factory=set)
    topic_bookmarked: bool = False
    bookmarked_posts: set[int] = field(default_factory=set)
    draft: Draft | None = None


@functools.cache
def _statement() -> str:
    # Table names from the models (once: they are loaded when it is first asked), the values
    # as parameters.
    return f"""
        SELECT 'read', last_read_position, NULL::text, NULL::text, NULL::timestamptz
          FROM {ReadState._meta.db_table} WHERE member_id = %(member)s AND topic_id = %(topic)s
        UNION ALL
        SELECT 'follow', NULL, level, NULL, NULL
          FROM {TopicSubscription._meta.db_table}
         WHERE member_id = %(member)s AND topic_id = %(topic)s
        UNION ALL
        SELECT 'reaction', post_id, kind, NULL, NULL
          FROM {Reaction._meta.db_table}
         WHERE member_id = %(member)s AND post_id = ANY(%(posts)s::bigint[])
        UNION ALL
        SELECT 'bookmark', object_id, kind, NULL, NULL
          FROM {Bookmark._meta.db_table}
         WHERE member_id = %(member)s
           AND ((kind = %(topic_kind)s AND object_id = %(topic)s)
                OR (kind = %(post_kind)s AND object_id = ANY(%(posts)s::bigint[])))
        UNION ALL
        SELECT 'draft', id, place, body, updated_at
          FROM {Draft._meta.db_table} WHERE member_id = %(member)s AND place = %(place)s
    """


def topic_reading(member, topic, post_ids: Collection[int], draft_place: str) -> TopicReading:
    parameters = {
        "member": member.pk,
        "topic": topic.pk,
        "posts": list(post_ids),
        "topic_kind": TOPIC,
        "post_kind": POST,
        "place": draft_place,
    }
    reading = TopicReading()
    with connections[router.db_for_read(ReadState)].cursor() as cursor:
        cursor.execute(_statement(), parameters)
        rows = cursor.fetchall()
    for part, number, word, body, updated_at in rows:
        if part == "read":
            reading.last_read = number
        elif part == "follow":
            reading.follow_level = word
        elif part == "reaction":
            reading.reactions.add((number, word))
        elif part == "bookmark":
            if word == TOPIC:
                reading.topic_bookmarked = True
            else:
                reading.bookmarked_posts.add(number)
        else:
            reading.draft = Draft(
                id=number, member_id=member.pk, place=word, body=body, updated_at=updated_at
            )
    return reading
