"""A member's drafts: the one for the place they are writing in, and the list of them all."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.forms import Form
from django.utils.functional import Promise

from communaute.hooks.drafts import DraftTarget, parse_place
from communaute.models import Draft, Member
from communaute.permissions.viewer import Viewer
from passerelles.core.forms import use_draft

EXCERPT_CHARS = 200
# A draft the caller did not read beforehand (None is an answer: "none").
UNKNOWN = object()


def draft_for(member: Member, place: str) -> Draft | None:
    # An address may carry anything as a place ("\x00", "abc"): only real keys are looked up.
    if not member.is_authenticated or parse_place(place) is None:
        return None
    return Draft.objects.filter(member=member, place=place).first()


def drafts_of(member: Member) -> QuerySet[Draft]:
    return Draft.objects.filter(member=member).order_by("-updated_at", "-pk")


@dataclass(frozen=True)
class DraftRow:
    draft: Draft
    label: str | Promise
    # None when the member may no longer write there (left the space, topic locked...).
    target: DraftTarget | None

    @property
    def excerpt(self) -> str:
        text = " ".join(self.draft.body.split())
        if len(text) <= EXCERPT_CHARS:
            return text
        return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


def with_targets(viewer: Viewer, drafts: Sequence[Draft]) -> list[DraftRow]:
    """Each draft with its place's kind and target: one lookup per kind of place."""
    wanted = defaultdict(set)
    places = {}
    for draft in drafts:
        parsed = parse_place(draft.place)
        if parsed is not None:
            places[draft.pk] = parsed
            wanted[parsed[0]].add(parsed[1])
    found = {kind.kind: kind.targets(viewer, ids) for kind, ids in wanted.items()}
    rows = []
    for draft in drafts:
        if draft.pk not in places:
            rows.append(DraftRow(draft, "", None))
            continue
        kind, number = places[draft.pk]
        rows.append(DraftRow(draft, kind.label, found[kind.kind].get(number)))
    return rows


def show_draft(
    form: Form,
    member: Member,
    place: str,
    *,
    return_url: str,
    field: str = "body",
    draft: Draft | object | None = UNKNOWN,
) -> None:
    """The composer of form[field] keeps its drafts at this place, and shows the member's
    saved draft (passerelles.core.forms.use_draft): any page that offers a composer. `draft`:
    the page read it already (communaute/selectors/reading.py)."""
    if draft is UNKNOWN:
        draft = draft_for(member, place)
    use_draft(form, field, place=place, draft=draft, return_url=return_url)
