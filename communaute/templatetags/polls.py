"""A topic's poll as a small include that reads its own state: the topic page's view needs
no change, and the poll costs a fixed number of queries whatever its options and votes."""

from django import template

from communaute.permissions.polls import can_close_poll, can_set_poll, can_vote
from communaute.selectors import polls as selectors

register = template.Library()


@register.inclusion_tag("communaute/polls/_poll.html", takes_context=True)
def topic_poll(context, topic):
    viewer = context["request"].viewer
    poll = selectors.poll_of_topic(topic)
    if poll is None:
        return {"topic": topic, "poll": None, "can_add": can_set_poll(viewer, topic)}
    results = selectors.poll_results(poll, viewer.user)
    return {
        "topic": topic,
        "poll": poll,
        "results": results,
        "can_vote": can_vote(viewer, poll),
        "can_edit": can_set_poll(viewer, topic, has_votes=results.has_votes),
        "can_close": can_close_poll(viewer, poll),
        "signed_in": viewer.is_authenticated,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
