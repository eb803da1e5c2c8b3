"""Topic lists: their rows, and how they say when something last happened."""

import functools
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from communaute.templatetags.members import avatar
from passerelles.core.templatetags.passerelles import member_name

register = template.Library()

# Within a week « il y a 3 heures » reads faster than a date; older, the date is clearer.
RELATIVE_FOR = timedelta(days=7)


@register.simple_tag
def activity_time(moment):
    if not moment:
        return ""
    if timezone.now() - moment < RELATIVE_FOR:
        shown = naturaltime(moment)
    else:
        shown = _("le %(date)s") % {"date": date_format(timezone.localtime(moment), "j F Y")}
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), shown)


@functools.cache
def _texts(language):
    """A row's words in this language, translated once per process: asked per row, gettext
    cost as much as the rest of the row."""
    mark = '<span class="tag-list__inline{}">{}</span>'
    return {
        "pinned": format_html(mark, "", _("Épinglé")),
        "locked": format_html(mark, "", _("Verrouillé")),
        "hidden": format_html(mark, " moderation-mark", _("Masqué aux membres")),
        "new": format_html('<strong class="unread">{}</strong>', _("nouveaux messages")),
        "unread": format_html('<strong class="unread">{}</strong>', _("non lu")),
        "tags": _("Étiquettes"),
        "no_reply": _("Aucune réponse"),
        "last_poster": _("dernier message de %(name)s"),
    }


@dataclass
class TopicRow:
    """A row of a topic list as every reader sees it, in three pieces of HTML: the unread mark,
    the one part that is the reader's, goes after `marks`. `last_read`: how far the reader read
    the topic (None for visitors)."""

    pk: int
    next_position: int
    head: str
    marks: str
    tail: str
    last_read: int | None = None


def topic_row(topic) -> TopicRow:
    """(was communaute/forum/_topic_item.html): a list shows 25, and as a template each row
    cost a quarter of a millisecond, a quarter of the page."""
    texts = _texts(get_language())
    marks = [
        texts[name]
        for name, shown in (
            ("pinned", topic.is_pinned),
            ("locked", topic.is_locked),
            ("hidden", topic.hidden_at),
        )
        if shown
    ]
    tags = ""
    if topic.tag_list:
        space_url = reverse("communaute:space", args=[topic.space.slug])
        tags = format_html(
            '<ul class="tag-list" aria-label="{}">{}</ul>',
            texts["tags"],
            format_html_join(
                "",
                '<li><a href="{}?etiquette={}">{}</a></li>',
                ((space_url, quote(tag.slug, safe="/"), tag.name) for tag in topic.tag_list),
            ),
        )
    replies = topic.reply_count
    meta = [
        format_html("<span>{}</span>", member_name(topic.author)),
        format_html(
            "<span>{}</span>",
            ngettext("%(counter)s réponse", "%(counter)s réponses", replies) % {"counter": replies}
            if replies
            else texts["no_reply"],
        ),
    ]
    if replies:
        meta.append(
            format_html(
                '<span class="topic-list__person">{}{}</span>',
                avatar(topic.last_poster, 24),
                texts["last_poster"] % {"name": member_name(topic.last_poster)},
            )
        )
    meta.append(format_html("<span>{}</span>", activity_time(topic.last_activity_at)))
    head = format_html(
        '<li class="topic-list__item">\n{}\n<div class="topic-list__body">\n'
        '<a class="topic-list__title" href="{}" lang="fr">{}</a>\n',
        avatar(topic.author, 40, css="topic-list__face"),
        topic.get_absolute_url(),
        topic.title,
    )
    tail = format_html(
        '{}\n<p class="card__meta topic-list__meta">\n{}\n</p>\n</div>\n</li>',
        tags,
        mark_safe("\n".join(meta)),  # each escaped by format_html
    )
    # Translations, and markup of ours.
    return TopicRow(topic.pk, topic.next_position, head, "\n".join(marks), tail)


@register.simple_tag(takes_context=True)
def topic_item(context, row):
    marks, last_read = row.marks, row.last_read
    if (
        last_read is not None
        and last_read < row.next_position - 1
        and context["user"].is_authenticated
    ):
        texts = _texts(get_language())
        mark = texts["new"] if last_read else texts["unread"]
        marks = f"{marks}\n{mark}" if marks else mark
    # Each piece escaped where it was written (topic_row).
    return mark_safe(f"{row.head}{marks}{row.tail}")
