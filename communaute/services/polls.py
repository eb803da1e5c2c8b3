"""Writes for topic polls: add or change a poll, vote, close. Each in one transaction.

A vote locks its poll's row, so two forms sent at once by the same member take turns: the
second finds the first's choice and changes nothing (or replaces it). The unique constraint
per member and option is the last guard.
"""

from collections.abc import Collection, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.models import Member, Poll, PollOption, PollVote, Topic
from communaute.models.polls import MAX_OPTIONS, MIN_OPTIONS
from communaute.permissions.polls import (
    check_close_poll_permission,
    check_set_poll_permission,
    check_vote_permission,
)
from communaute.permissions.viewer import Viewer


@transaction.atomic
def set_poll(
    topic: Topic,
    *,
    member: Member,
    question: str,
    options: Sequence[str],
    multiple: bool = False,
    closes_at: datetime | None = None,
    results: str = Poll.Results.AFTER_VOTE,
) -> Poll:
    """The topic's poll, added or replaced while nobody has voted."""
    topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
    poll = Poll.objects.filter(topic=topic).first()
    has_votes = poll is not None and PollVote.objects.filter(poll=poll).exists()
    check_set_poll_permission(Viewer.of(member), topic, has_votes=has_votes)
    labels = [label.strip() for label in options if label.strip()]
    if not MIN_OPTIONS <= len(labels) <= MAX_OPTIONS:
        raise ValidationError(
            _("Un sondage propose de %(min)d à %(max)d réponses.")
            % {"min": MIN_OPTIONS, "max": MAX_OPTIONS}
        )
    if results not in Poll.Results.values:
        raise ValidationError(_("Choisissez quand les résultats seront visibles."))
    if poll is None:
        poll = Poll(topic=topic, author=member)
    poll.question = question.strip()
    poll.multiple = multiple
    poll.closes_at = closes_at
    poll.results = results
    poll.save()
    PollOption.objects.filter(poll=poll).delete()
    PollOption.objects.bulk_create(
        PollOption(poll=poll, label=label[:200], position=position)
        for position, label in enumerate(labels, start=1)
    )
    return poll


@transaction.atomic
def vote(poll: Poll, *, member: Member, option_ids: Collection[int]) -> bool:
    """The member's choice, replacing any earlier one. Returns whether anything changed:
    the same form sent twice changes nothing the second time."""
    poll = Poll.objects.select_for_update().select_related("topic__space").get(pk=poll.pk)
    check_vote_permission(Viewer.of(member), poll)
    if poll.is_closed():
        raise ValidationError(_("Ce sondage est clos : il ne reçoit plus de votes."))
    valid = set(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
    chosen = {int(pk) for pk in option_ids}
    if not chosen or not chosen <= valid:
        raise ValidationError(_("Choisissez une réponse parmi celles du sondage."))
    if not poll.multiple and len(chosen) > 1:
        raise ValidationError(_("Ce sondage n'accepte qu'une seule réponse."))
    earlier = set(
        PollVote.objects.filter(poll=poll, member=member).values_list("option_id", flat=True)
    )
    if earlier == chosen:
        return False
    PollVote.objects.filter(poll=poll, member=member, option_id__in=earlier - chosen).delete()
    PollVote.objects.bulk_create(
        [PollVote(poll=poll, option_id=pk, member=member) for pk in chosen - earlier],
        ignore_conflicts=True,
    )
    return True


@transaction.atomic
def close_poll(poll: Poll, *, actor: Member) -> Poll:
    poll = Poll.objects.select_for_update().select_related("topic__space").get(pk=poll.pk)
    check_close_poll_permission(Viewer.of(actor), poll)
    if not poll.is_closed():
        poll.closed_at = timezone.now()
        poll.save(update_fields=["closed_at"])
    return poll
