"""A topic's poll as a small include that reads its own state: the topic page's view needs
no change, and the poll costs a fixed number of queries whatever its options and votes."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from communaute.permissions.polls import can_close_poll, can_set_poll, can_vote
from communaute.selectors import polls as selectors
from passerelles.core.links import reversed_with_id

register = template.Library()


@register.simple_tag(takes_context=True)
def topic_poll(context, topic):
    """The poll, or for whoever may add one the link to; most topics have neither, and for
    them the page no longer renders a template (a tenth of a millisecond past the page
    cache)."""
    viewer = context["request"].viewer
    poll = selectors.poll_of_topic(topic)
    if poll is None:
        if not can_set_poll(viewer, topic):
            return ""
        return format_html(
            '<p class="poll__add"><a href="{}">{}</a></p>',
            reversed_with_id("communaute:poll_edit", topic.pk),
            mark_safe(_("Ajouter un sondage à ce sujet")),  # trusted, as {% translate %}
        )
    results = selectors.poll_results(poll, viewer.user)
    return render_to_string(
        "communaute/polls/_poll.html",
        {
            "topic": topic,
            "poll": poll,
            "results": results,
            "can_vote": can_vote(viewer, poll),
            "can_edit": can_set_poll(viewer, topic, has_votes=results.has_votes),
            "can_close": can_close_poll(viewer, poll),
            "signed_in": viewer.is_authenticated,
            "request": context["request"],
            "csrf_token": context.get("csrf_token"),
        },
    )
