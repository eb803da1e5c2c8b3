"""Who else may open a poll in a topic: apps register rules of their own.

A topic's author may always add a poll to it. ressources adds that the author of a need, or
a representative, may open one in the need's conversation (« Quel format vous
conviendrait ? ») without communaute knowing what a need is.
"""

from collections.abc import Callable

from communaute.models import Topic
from communaute.permissions.viewer import Viewer

_openers: list[Callable[[Viewer, Topic], bool]] = []


def register_poll_opener(opener: Callable[[Viewer, Topic], bool]) -> None:
    if opener not in _openers:
        _openers.append(opener)


def opens_polls_by_rule(viewer: Viewer, topic: Topic) -> bool:
    return any(opener(viewer, topic) for opener in _openers)
