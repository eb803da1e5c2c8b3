"""Reads for topic polls: the poll of a topic with its counts, in a fixed number of queries
(the poll, its options, one aggregate of the votes) whatever the options and votes."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from communaute.hooks.privacy import register_section
from communaute.models import Member, Poll, PollOption, PollVote, Topic


@dataclass(frozen=True)
class OptionResult:
    option: PollOption
    votes: int
    # Of the members who voted: with several answers each, the percentages add up to more.
    percent: int
    mine: bool


@dataclass(frozen=True)
class PollResults:
    poll: Poll
    options: list[OptionResult]
    voters: int
    voted: bool
    closed: bool

    @property
    def has_votes(self) -> bool:
        return self.voters > 0

    @property
    def results_visible(self) -> bool:
        return self.closed or (self.voted and self.poll.results == Poll.Results.AFTER_VOTE)

    @property
    def chosen_ids(self) -> set[int]:
        return {result.option.pk for result in self.options if result.mine}


def poll_of_topic(topic: Topic) -> Poll | None:
    """The topic's poll, with its options; none asked for when the topic came with its poll
    (select_related, as the topic page reads it: most topics have none)."""
    if Topic.poll.is_cached(topic):
        poll = getattr(topic, "poll", None)
        if poll is not None:
            prefetch_related_objects([poll], "options")
    else:
        poll = Poll.objects.filter(topic=topic).prefetch_related("options").first()
    if poll is not None:
        poll.topic = topic
    return poll


def poll_results(poll: Poll, member: Member | AnonymousUser) -> PollResults:
    member_id = member.pk if member.is_authenticated else None
    # One query for the votes per option and the reader's own; a multiple-choice poll asks a
    # second one for its distinct voters.
    rows = list(
        PollVote.objects.filter(poll=poll)
        .values("option_id")
        .annotate(total=Count("pk"), mine=Count("pk", filter=Q(member_id=member_id)))
    )
    votes = {row["option_id"]: row["total"] for row in rows}
    mine = {row["option_id"] for row in rows if row["mine"]}
    if poll.multiple and rows:
        voters = PollVote.objects.filter(poll=poll).aggregate(n=Count("member_id", distinct=True))[
            "n"
        ]
    else:
        # One answer each: as many voters as votes.
        voters = sum(votes.values())
    options = [
        OptionResult(
            option=option,
            votes=votes.get(option.pk, 0),
            percent=round(100 * votes.get(option.pk, 0) / voters) if voters else 0,
            mine=option.pk in mine,
        )
        for option in poll.options.all()
    ]
    return PollResults(
        poll=poll, options=options, voters=voters, voted=bool(mine), closed=poll.is_closed()
    )


@register_section(
    "sondages",
    _("Sondages"),
    covers=["communaute.Poll.author", "communaute.PollVote.member"],
    labels={
        "polls": _("Sondages ouverts"),
        "votes": _("Mes votes"),
        "topic": _("Sujet"),
        "question": _("Question"),
        "options": _("Réponses possibles"),
        "answer": _("Réponse choisie"),
        "created_at": _("Date"),
    },
)
def polls_section(member: Member) -> tuple[dict, list]:
    polls = Poll.objects.filter(author=member).select_related("topic").order_by("created_at")
    votes = (
        PollVote.objects.filter(member=member)
        .order_by("created_at", "pk")
        .values("poll__topic__title", "poll__question", "option__label", "created_at")
    )
    return {
        "polls": [
            {
                "topic": poll.topic.title,
                "question": poll.question,
                "options": [option.label for option in poll.options.all()],
                "created_at": poll.created_at,
            }
            for poll in polls.prefetch_related("options")
        ],
        "votes": [
            {
                "topic": row["poll__topic__title"],
                "question": row["poll__question"],
                "answer": row["option__label"],
                "created_at": row["created_at"],
            }
            for row in votes
        ],
    }, []
