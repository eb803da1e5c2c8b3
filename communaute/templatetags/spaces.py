"""The community home's cards, one per space (was a loop in communaute/forum/home.html).

Written in Python for the reason the topic lists' rows are (issue 16): the home shows every
space, and as a template each card cost about a millisecond, nearly all of the page past the
cache (a dozen translations, three plurals and a date per card). Its words are translated
once per language.
"""

import functools

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from communaute.models import Space
from passerelles.core.links import reversed_prefix

register = template.Library()


@functools.cache
def _texts(language):
    return {
        Space.Visibility.PRIVATE: gettext("Espace privé"),
        Space.Visibility.MEMBERS: gettext("Réservé aux membres"),
        Space.Visibility.PUBLIC: gettext("Espace public"),
        "last_activity": gettext("dernière activité le"),
        "member": gettext("vous en faites partie"),
    }


# Per language: a page shows two dozen cards, and each count's ngettext and each date's
# formatting (month names translated) were a third of a card.
@functools.lru_cache(maxsize=1024)
def _count(language, singular, plural, number):
    return ngettext(singular, plural, number) % {"counter": number}


@functools.lru_cache(maxsize=1024)
def _day(language, day):
    return date_format(day, "j F Y")


@register.simple_tag
def space_card(space):
    language = get_language()
    texts = _texts(language)
    # The slug converter only takes ASCII letters, digits, - and _: nothing to quote.
    url = reversed_prefix("communaute:space", {"slug": "x"}, "x/") + f"{space.slug}/"
    meta = [
        texts.get(space.visibility, texts[Space.Visibility.PUBLIC]),
        _count(language, "%(counter)s sujet", "%(counter)s sujets", space.topic_count),
        _count(language, "%(counter)s message", "%(counter)s messages", space.post_count),
    ]
    if space.last_activity_at:
        day = _day(language, timezone.localtime(space.last_activity_at).date())
        meta.append(f"{texts['last_activity']} {day}")
    if getattr(space, "is_member", False):
        meta.append(f"<strong>{texts['member']}</strong>")
    unread = getattr(space, "unread_topics", 0)
    if unread:
        news = _count(
            language,
            "%(counter)s sujet avec du nouveau",
            "%(counter)s sujets avec du nouveau",
            unread,
        )
        meta.append(f'<strong class="unread">{news}</strong>')
    description = f'\n<p lang="fr">{escape(space.description)}</p>' if space.description else ""
    # Translations and counts are ours; the name and description, the members', are escaped.
    return mark_safe(
        f'<article class="card" aria-labelledby="space-{space.pk}">\n'
        f'<h2 class="card__title" id="space-{space.pk}"><a href="{url}">{escape(space.name)}'
        f'</a></h2>\n<p class="card__meta">{" · ".join(meta)}</p>{description}\n</article>'
    )
