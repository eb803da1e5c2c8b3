"""Writes for the sector's needs: declare, join ("moi aussi"), leave, open a conversation,
mark met by a service; tell members when a service matches their needs; ask, after an
accepted request, whether the service met the need.

Each write runs in one transaction and checks permission first; notifications go through
the site's one centre (communaute), whose emails leave on commit.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communaute.models import Member, Space, Topic
from communaute.notifications.centre import notify
from communaute.notifications.kinds import register_kind
from communaute.permissions.viewer import Viewer
from communaute.services.forum import create_topic
from passerelles.core import search
from passerelles.core.links import absolute_url
from passerelles.core.markdown import quoted
from passerelles.core.models import Discipline
from passerelles.core.vocabularies import ServiceRegion
from ressources.models import (
    NEEDS_SPACE_SLUG,
    AccessRequest,
    Need,
    NeedSupport,
    Service,
    ServiceFeedback,
    ServiceMatchNotice,
)
from ressources.permissions.needs import (
    check_declare_need_permission,
    check_join_need_permission,
    check_mark_need_met_permission,
    check_open_conversation_permission,
    check_open_need_poll_permission,
)

FEEDBACK_SALT = "ressources.feedback"
FEEDBACK_DELAY_DAYS = 30
# A question left unanswered for three months is no longer worth answering.
FEEDBACK_LINK_MAX_AGE = timedelta(days=90)

# A need with the same title from the same member this recently is the same form sent twice.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)

SUPPORT_FIELDS = ("province", "discipline", "on_behalf", "organization_name", "show_name")


class AlreadySupportingError(Exception):
    """The member already shares this need."""


@dataclass(frozen=True, kw_only=True)
class NeedMetContext:
    need: str
    service: str


@dataclass(frozen=True, kw_only=True)
class ServiceMatchContext:
    service: str
    need: str


@dataclass(frozen=True, kw_only=True)
class FeedbackRequestContext:
    service: str
    # The email's one-click answers, absolute addresses.
    answer_yes: str
    answer_partly: str
    answer_no: str


NEED_MET = register_kind(
    "need_met",
    context=NeedMetContext,
    describe=lambda n, c: (
        _("Un besoin que vous partagez est comblé : « %(need)s », par « %(service)s ».")
        % {"need": c.need, "service": c.service}
    ),
    email_template="ressources/emails/need_met",
    reason=lambda n, c: _("vous partagez le besoin « %(need)s »") % {"need": c.need},
    # The answer to what these members were waiting for: it leaves at once.
    urgent=True,
)
SERVICE_MATCHES_NEED = register_kind(
    "service_matches_need",
    context=ServiceMatchContext,
    describe=lambda n, c: (
        _("Le service « %(service)s » pourrait répondre à votre besoin « %(need)s ».")
        % {"service": c.service, "need": c.need}
    ),
    email_template="ressources/emails/service_matches_need",
    reason=lambda n, c: _("vous avez déclaré ou partagé le besoin « %(need)s »") % {"need": c.need},
)
SERVICE_FEEDBACK_REQUEST = register_kind(
    "service_feedback_request",
    context=FeedbackRequestContext,
    describe=lambda n, c: (
        _("« %(service)s » a-t-il répondu à votre besoin ? Répondez en un clic.")
        % {"service": c.service}
    ),
    email_template="ressources/emails/service_feedback_request",
    reason=lambda n, c: (
        _("votre demande d'accès à « %(service)s » a été acceptée") % {"service": c.service}
    ),
    # Its email carries the one-click answers, which a digest line would not.
    urgent=True,
)


def refresh_need_search(need: Need) -> None:
    Need.objects.filter(pk=need.pk).update(
        search_vector=search.document(("title", "A"), ("description", "B"))
    )


def refresh_need_counts(need_id: int) -> dict[str, int]:
    """Recount the counters on the need's row from its supports."""
    counts = NeedSupport.objects.filter(need_id=need_id).aggregate(
        people=Count("pk"),
        organizations=Count(
            Lower("organization_name"),
            distinct=True,
            filter=Q(on_behalf=AccessRequest.OnBehalf.ORGANIZATION) & ~Q(organization_name=""),
        ),
    )
    Need.objects.filter(pk=need_id).update(
        supporter_count=counts["people"], organization_count=counts["organizations"]
    )
    return counts


def _refresh_counts(need: Need) -> None:
    """The counters, recounted while the caller holds the need's row locked."""
    counts = refresh_need_counts(need.pk)
    need.supporter_count = counts["people"]
    need.organization_count = counts["organizations"]


def _support_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in SUPPORT_FIELDS if name in data}
    if values.get("on_behalf") != AccessRequest.OnBehalf.ORGANIZATION:
        values["organization_name"] = ""
    return values


@transaction.atomic
def declare_need(
    *, author: Member, data: Mapping[str, Any], disciplines: Sequence[Discipline]
) -> Need:
    """A new need, shared from the start by the member who declares it."""
    check_declare_need_permission(Viewer.of(author))
    # Locking the member's row makes a form sent twice declare one need: the second finds it.
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    earlier = Need.objects.filter(
        author=author,
        title=data["title"],
        created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
    ).first()
    if earlier is not None:
        return earlier
    need = Need.objects.create(
        title=data["title"],
        description=data["description"],
        category=data["category"],
        province=data["province"],
        urgency=data["urgency"],
        author=author,
    )
    need.disciplines.set(disciplines)
    support = _support_values(data)
    support.setdefault("province", need.province)
    support.setdefault("discipline", disciplines[0] if disciplines else None)
    NeedSupport.objects.create(need=need, member=author, **support)
    _refresh_counts(need)
    refresh_need_search(need)
    return need


@transaction.atomic
def join_need(need: Need, *, member: Member, data: Mapping[str, Any]) -> NeedSupport:
    """ "Moi aussi": the member shares the need, from their own province and discipline."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    supporting = NeedSupport.objects.filter(need=need, member=member).exists()
    if supporting and need.is_open:
        # The same form sent twice: the first one counted.
        raise AlreadySupportingError
    check_join_need_permission(Viewer.of(member), need, supporting=supporting)
    support = NeedSupport.objects.create(need=need, member=member, **_support_values(data))
    _refresh_counts(need)
    return support


@transaction.atomic
def leave_need(need: Need, *, member: Member) -> bool:
    """The member no longer shares the need; the need stays for the others."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    # The counters follow through the post_delete signal (ressources/signals.py).
    deleted, _rows = NeedSupport.objects.filter(need=need, member=member).delete()
    return bool(deleted)


def needs_space() -> Space:
    """The community space of need conversations, created the first time one is opened."""
    space, _created = Space.objects.get_or_create(
        slug=NEEDS_SPACE_SLUG,
        defaults={
            "name": _("Besoins du milieu"),
            "visibility": Space.Visibility.PUBLIC,
            "description": _(
                "Les conversations ouvertes à partir des besoins déclarés dans les ressources "
                "mutualisées : précisez un besoin, proposez une piste, regroupez les forces."
            ),
        },
    )
    return space


@transaction.atomic
def open_need_conversation(need: Need, *, member: Member) -> Topic:
    """The need's conversation in the community; a second click finds the first one."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.topic_id is not None:
        return need.topic
    check_open_conversation_permission(Viewer.of(member), need)
    shown_author = (
        NeedSupport.objects.filter(need=need, member_id=need.author_id, show_name=True)
        .select_related("member")
        .first()
    )
    # The conversation's text is content of the French-speaking community, whatever the
    # language of the page the button was on.
    with translation.override("fr"):
        space = needs_space()
        # The first post is the clicker's, so it speaks in their voice and quotes the need's
        # text as the need's: the description is not theirs, and its author is named only if
        # they chose to show their name on the need.
        opening = _("J'ouvre la conversation sur le besoin « %(title)s » : %(url)s") % {
            "title": need.title,
            "url": need.get_absolute_url(),
        }
        if shown_author is not None:
            source = _("%(name)s l'a décrit ainsi :") % {"name": shown_author.member.public_name}
        else:
            source = _("Le besoin est décrit ainsi :")
        body = "\n\n".join([opening, source, quoted(need.description).strip()])
        title = _("Besoin : %(title)s") % {"title": need.title}
    # The need's text becomes one of the member's posts, counted in their first day's; a click
    # is no burst of typing (communaute/services/posting_limits.py).
    topic, _post = create_topic(
        space, author=member, title=title[:200], body=body, enforce_limits=True, typed=False
    )
    need.topic = topic
    need.save(update_fields=["topic"])
    return topic


@transaction.atomic
def open_need_poll(need: Need, *, member: Member) -> Topic:
    """The conversation where the need's poll goes, opened first if it is not yet: the poll
    itself is added there (communaute's poll page), by its author or a representative."""
    check_open_need_poll_permission(Viewer.of(member), need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.topic_id is not None:
        return need.topic
    return open_need_conversation(need, member=member)


@transaction.atomic
def mark_need_met(need: Need, *, actor: Member, service: Service) -> Need:
    """A service answers the need: everyone who shares it is told."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    check_mark_need_met_permission(Viewer.of(actor), need, service)
    need.status = Need.Status.MET
    need.met_by_service = service
    need.met_at = timezone.now()
    need.save(update_fields=["status", "met_by_service", "met_at"])
    supporters = (
        NeedSupport.objects.filter(need=need, member__is_active=True)
        .exclude(member=actor)
        .select_related("member")
    )
    for support in supporters:
        notify(
            support.member,
            NEED_MET,
            url=need.get_absolute_url(),
            actor=actor,
            context=NeedMetContext(need=need.title, service=service.title),
        )
    return need


def matching_supports(service: Service) -> QuerySet[NeedSupport]:
    """Who shares an open need this service may answer: same category, a province where it is
    offered (or it is offered at a distance), a discipline it serves (or it serves them all)."""
    supports = NeedSupport.objects.filter(
        need__status=Need.Status.OPEN, need__category=service.category, member__is_active=True
    )
    regions = {region.code for region in service.regions.all()}
    if ServiceRegion.REMOTE.value not in regions:
        supports = supports.filter(province__in=regions)
    disciplines = [discipline.code for discipline in service.disciplines.all()]
    if disciplines:
        supports = supports.filter(Q(discipline__isnull=True) | Q(discipline__in=disciplines))
    return supports


@transaction.atomic
def tell_members_of_matching_service(service: Service) -> int:
    """Once per member and service: a later edit of the service does not tell them again."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    if not service.is_published:
        return 0
    already = ServiceMatchNotice.objects.filter(service=service).values("member_id")
    supports = (
        matching_supports(service)
        .exclude(member_id__in=already)
        .select_related("member", "need")
        .order_by("member_id", "-need__supporter_count")
    )
    first_need_of = {}
    for support in supports:
        first_need_of.setdefault(support.member_id, support)
    ServiceMatchNotice.objects.bulk_create(
        [ServiceMatchNotice(service=service, member_id=member_id) for member_id in first_need_of],
        ignore_conflicts=True,
    )
    for support in first_need_of.values():
        notify(
            support.member,
            SERVICE_MATCHES_NEED,
            url=service.get_absolute_url(),
            context=ServiceMatchContext(service=service.title, need=support.need.title),
        )
    return len(first_need_of)


# Satisfaction after an accepted request ----------------------------------------------------


def feedback_token(feedback: ServiceFeedback) -> str:
    return signing.dumps(feedback.pk, salt=FEEDBACK_SALT)


def feedback_from_token(token: str) -> ServiceFeedback:
    """The feedback a link is for; raises signing.BadSignature (or its SignatureExpired)."""
    pk = signing.loads(token, salt=FEEDBACK_SALT, max_age=FEEDBACK_LINK_MAX_AGE)
    return ServiceFeedback.objects.select_related("access_request__service").get(pk=pk)


def requests_due_for_feedback(
    *, now: datetime | None = None, delay_days: int = FEEDBACK_DELAY_DAYS
) -> QuerySet[AccessRequest]:
    # An accepted request changes no more, so its last update is when it was accepted.
    cutoff = (now or timezone.now()) - timedelta(days=delay_days)
    return AccessRequest.objects.filter(
        status=AccessRequest.Status.ACCEPTED,
        updated_at__lte=cutoff,
        feedback__isnull=True,
        member__is_active=True,
    ).select_related("service", "member")


@transaction.atomic
def ask_for_feedback(access_request: AccessRequest) -> ServiceFeedback | None:
    """Create the question and send it; a request is asked once only."""
    feedback, created = ServiceFeedback.objects.get_or_create(access_request=access_request)
    if not created:
        return None
    token = feedback_token(feedback)

    def answer_url(answer: str) -> str:
        # Absolute: the email carries the links as they are. Each opens the question with its
        # answer chosen; only the page's button records it.
        return absolute_url(
            reverse("ressources:feedback_answer", kwargs={"token": token, "answer": answer})
        )

    notify(
        access_request.member,
        SERVICE_FEEDBACK_REQUEST,
        url=reverse("ressources:feedback", kwargs={"token": token}),
        context=FeedbackRequestContext(
            service=access_request.service.title,
            answer_yes=answer_url(ServiceFeedback.Answer.YES),
            answer_partly=answer_url(ServiceFeedback.Answer.PARTLY),
            answer_no=answer_url(ServiceFeedback.Answer.NO),
        ),
    )
    return feedback


def ask_due_feedback(now: datetime, *, delay_days: int = FEEDBACK_DELAY_DAYS) -> int:
    """Ask every request that is due (the scheduler's daily job); returns how many were asked.
    One transaction per request: a failure leaves the others asked."""
    due = requests_due_for_feedback(now=now, delay_days=delay_days)
    return sum(ask_for_feedback(access_request) is not None for access_request in due.iterator())


@transaction.atomic
def record_feedback(feedback: ServiceFeedback, *, answer: str) -> ServiceFeedback:
    """The member may change their answer; the portrait counts the latest one."""
    ServiceFeedback.Answer(answer)  # an unknown answer is a programming error
    feedback = ServiceFeedback.objects.select_for_update().get(pk=feedback.pk)
    feedback.answer = answer
    feedback.answered_at = timezone.now()
    feedback.save(update_fields=["answer", "answered_at"])
    return feedback
