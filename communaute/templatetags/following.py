"""Follow controls, a space's announcements and the mention autocomplete, as small includes
that read their own state: the pages that show them need no change to their views."""

import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from communaute.permissions.following import can_announce, can_follow_space, can_follow_topic
from communaute.selectors import following as selectors
from communaute.selectors.home import member_part
from passerelles.core.forms import csrf_input
from passerelles.core.links import cached_reverse, reversed_with_id

register = template.Library()


@register.simple_tag(takes_context=True)
def topic_follow_controls(context, topic):
    """Follow, mute or stop, and where the member stands. Written in Python like the posts
    below it (communaute/templatetags/posts.py): as an included template it cost a member's
    topic page a tenth of a millisecond or more, for three buttons."""
    viewer = context["request"].viewer
    if not can_follow_topic(viewer, topic):
        return ""
    # The topic page read it with the member's other answers (communaute/selectors/reading.py).
    level = context["reading"].follow_level
    texts = _topic_follow_texts(get_language())
    buttons = []
    if level != "following":
        buttons.append(_follow_button("follow", texts["follow"]))
    if level != "muted":
        buttons.append(_follow_button("mute", texts["mute"]))
    if level:
        buttons.append(_follow_button("stop", texts["unmute" if level == "muted" else "stop"]))
    state = texts.get(level) or texts["none"]
    return mark_safe(
        f'<form method="post" action="{reversed_with_id("communaute:topic_follow", topic.pk)}"'
        f' class="follow-controls">{csrf_input(context)}'
        f'<p class="follow-controls__state">{state}</p>{"".join(buttons)}</form>'
    )


@functools.cache
def _topic_follow_texts(language):
    """The controls' texts in this language, once per process; trusted text, not escaped, as
    {% translate %} writes them."""
    texts = {
        "following": _("Vous suivez ce sujet : chaque réponse vous est signalée."),
        "muted": _("Ce sujet est en sourdine : il ne vous notifie pas."),
        "none": _("Vous ne suivez pas ce sujet."),
        "follow": _("Suivre ce sujet"),
        "mute": _("Mettre en sourdine"),
        "unmute": _("Retirer la sourdine"),
        "stop": _("Ne plus suivre"),
    }
    return {name: mark_safe(text) for name, text in texts.items()}


def _follow_button(action, text):
    return (
        f'<button type="submit" name="action" value="{action}"'
        f' class="button button--secondary button--small">{text}</button>'
    )


def follows_part(slug):
    """Whether the member follows the space: a piece of their pages (selectors.home), named
    by the space's slug as the rest of its page (communaute.fragments.space_keys)."""
    return f"follows:{slug}"


@register.inclusion_tag("communaute/following/_space_follow.html", takes_context=True)
def space_follow_controls(context, space, announcements):
    viewer = context["request"].viewer
    allowed = can_follow_space(viewer, space)
    return {
        "space": space,
        "allowed": allowed,
        "following": allowed
        and member_part(
            viewer.pk, follows_part(space.slug), lambda: selectors.follows_space(viewer.user, space)
        ),
        "can_announce": can_announce(viewer, space),
        "announcements": announcements,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def mention_autocomplete(space):
    """The script that suggests @handles while typing; the forms work the same without it."""
    return _mention_script(get_language(), get_script_prefix(), space.slug)


@functools.lru_cache(maxsize=256)
def _mention_script(language, script_prefix, slug):
    """Drawn once per language, script prefix and space: its words and addresses are fixed."""
    return format_html(
        '<script src="{}" data-suggestions="{}" data-space="{}" data-label="{}" '
        'data-found="{}" defer></script>',
        static("js/mentions.js"),
        cached_reverse("communaute:mention_suggestions"),
        slug,
        _("Membres suggérés"),
        # The script puts the number in place of the "#".
        _("Membres suggérés : #. Flèches pour choisir, Entrée pour insérer."),
    )


@receiver(setting_changed)
def _forget_mention_scripts(**kwargs):
    # A test's URLs or static files draw another script.
    _mention_script.cache_clear()
