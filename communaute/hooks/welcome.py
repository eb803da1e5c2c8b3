"""The next steps the welcome page offers a new member, some of them owned by the apps above.

communaute registers its own steps (complete the profile, join spaces); ressources adds finding
a service and declaring a need, in their AppConfig.ready():
`register_step(key, label, description, order, url_name=..., done=..., visible=...)`, where
`done(viewer)` answers, with one cheap query at most, whether the member has taken the step
already, and the optional `visible(viewer)` whether the step's page would let them take it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from communaute.permissions.viewer import Viewer


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    description: str
    order: int
    url_name: str
    done: Callable[["Viewer"], bool]
    # Who is offered the step at all (a suspended member is not sent to a page that refuses).
    visible: Callable[["Viewer"], bool] | None = None


_steps: dict[str, Step] = {}


def register_step(key, label, description, order, *, url_name, done, visible=None):
    _steps[key] = Step(key, label, description, order, url_name, done, visible)


def steps_for(viewer: "Viewer") -> list[dict]:
    """The steps in their order, each with its address and whether it is done; a step whose
    page does not exist is left out, so the welcome page never carries a dead link."""
    steps = []
    for step in sorted(_steps.values(), key=lambda entry: entry.order):
        if step.visible is not None and not step.visible(viewer):
            continue
        try:
            url = reverse(step.url_name)
        except NoReverseMatch:
            continue
        steps.append(
            {
                "key": step.key,
                "label": step.label,
                "description": step.description,
                "url": url,
                "done": step.done(viewer),
            }
        )
    return steps
