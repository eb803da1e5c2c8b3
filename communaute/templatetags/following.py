"""Follow controls, a space's announcements and the mention autocomplete, as small includes
that read their own state: the pages that show them need no change to their views."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from communaute.permissions.following import can_announce, can_follow_space, can_follow_topic
from communaute.selectors import following as selectors
from communaute.selectors.home import member_part

register = template.Library()


@register.inclusion_tag("communaute/following/_topic_follow.html", takes_context=True)
def topic_follow_controls(context, topic):
    viewer = context["request"].viewer
    allowed = can_follow_topic(viewer, topic)
    # The topic page read it with the member's other answers (communaute/selectors/reading.py).
    level = context["reading"].follow_level if allowed else ""
    return {
        "topic": topic,
        "allowed": allowed,
        "level": level,
        "csrf_token": context.get("csrf_token"),
    }


def follows_part(space):
    """Whether the member follows the space: a piece of their pages (selectors.home)."""
    return f"follows:{space.pk}"


@register.inclusion_tag("communaute/following/_space_follow.html", takes_context=True)
def space_follow_controls(context, space, announcements):
    viewer = context["request"].viewer
    allowed = can_follow_space(viewer, space)
    return {
        "space": space,
        "allowed": allowed,
        "following": allowed
        and member_part(
            viewer.pk, follows_part(space), lambda: selectors.follows_space(viewer.user, space)
        ),
        "can_announce": can_announce(viewer, space),
        "announcements": announcements,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def mention_autocomplete(space):
    """The script that suggests @handles while typing; the forms work the same without it."""
    return format_html(
        '<script src="{}" data-suggestions="{}" data-space="{}" data-label="{}" '
        'data-found="{}" defer></script>',
        static("js/mentions.js"),
        reverse("communaute:mention_suggestions"),
        space.slug,
        _("Membres suggérés"),
        # The script puts the number in place of the "#".
        _("Membres suggérés : #. Flèches pour choisir, Entrée pour insérer."),
    )
