"""Notification kinds: each names the facts it needs, checked when a notification is written,
and every kind reads and emails without a blank."""

import dataclasses
import enum
from datetime import UTC, datetime

import pytest
from django.core import mail

from communaute.models import EmailDelivery, EmailFrequency, ModerationAction, Notification
from communaute.notifications import kinds as registry
from communaute.notifications.centre import notify
from communaute.notifications.preferences import set_email_frequency
from communaute.notifications.tasks import send_now
from communaute.services.following import TOPIC_REPLY, TopicContext
from communaute.services.moderation import MODERATION_DECISION, DecisionContext
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

# Some sentences are checked word for word; any other text field gets a sample of its own.
SAMPLE_TEXTS = {
    "space": "Cercle",
    "topic": "Camion partagé",
    "title": "Rencontre",
    "service": "Prêt de projecteurs",
    "need": "Un camion",
    "initiative": "Festival",
}
SAMPLE_MOMENT = datetime(2026, 1, 6, 19, 30, tzinfo=UTC)
APP_KINDS = sorted(
    (kind for kind in registry.registered_kinds() if not kind.kind.startswith("test.")),
    key=lambda kind: kind.kind,
)
GENERIC_SENTENCE = "Vous avez une nouvelle notification."


def sample_value(name, options):
    option = next(option for option in options if option is not type(None))
    if isinstance(option, type) and issubclass(option, enum.Enum):
        return next(iter(option))
    return {
        str: SAMPLE_TEXTS.get(name, f"{name} de l'exemple"),
        bool: True,
        int: 7,
        datetime: SAMPLE_MOMENT,
    }[option]


def sample_context(kind):
    """A context for the kind with every field given."""
    return kind.context(
        **{
            name: sample_value(name, options)
            for name, options in registry._fields(kind.context).items()
        }
    )


def stored_sample(kind):
    return Notification(kind=kind.kind, context=registry.stored_context(kind, sample_context(kind)))


def assert_no_blank(text):
    assert text.strip()
    for blank in ("« »", "«  »", "()", "None", "!MISSING", " .", " ,"):
        assert blank not in text, text


def test_the_apps_declare_their_kinds():
    assert {kind.kind for kind in APP_KINDS} >= {
        "topic_reply",
        "mention",
        "moderation_decision",
        "join_request_decided",
        "access_request_created",
        "need_met",
        "initiative_suggested",
    }


@pytest.mark.parametrize("kind", APP_KINDS, ids=lambda kind: kind.kind)
def test_every_kind_reads_its_context_without_a_blank(kind, other_member):
    notification = stored_sample(kind)
    notification.actor = other_member
    sentence = notification.describe()
    assert sentence != GENERIC_SENTENCE
    assert_no_blank(sentence)


@pytest.mark.parametrize(
    "kind", [kind for kind in APP_KINDS if kind.email_template], ids=lambda kind: kind.kind
)
def test_every_kind_emails_its_context_without_a_blank(
    kind, member, other_member, settings, django_capture_on_commit_callbacks
):
    # A variable the template names but the context lacks would show here.
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "string_if_invalid": "!MISSING %s!"}}
        for engine in settings.TEMPLATES
    ]
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    with django_capture_on_commit_callbacks(execute=True):
        notify(member, kind, url="/", context=sample_context(kind), actor=other_member)
    (message,) = mail.outbox
    assert_no_blank(message.subject)
    assert_no_blank(message.body)
    assert "Vous le recevez parce que cette notification vous concerne." not in message.body


def test_every_kind_that_emails_says_why_in_words_of_its_own():
    generic = registry.reason(Notification(kind="removed.kind"))
    reasons = {
        kind.kind: registry.reason(stored_sample(kind))
        for kind in registry.registered_kinds()
        if kind.email_template
    }
    assert {
        "join_request_decided",
        "access_request_created",
        "access_request_status",
        "access_request_withdrawn",
        "initiative_suggested",
    } <= reasons.keys()
    for kind, reason in reasons.items():
        assert reason and reason != generic, kind
    assert len(set(reasons.values())) == len(reasons)
    assert reasons["join_request_decided"] == "vous avez demandé à rejoindre l'espace « Cercle »"


def test_a_missing_fact_raises_where_the_notification_is_written(member):
    with pytest.raises(TypeError, match="topic_id"):
        notify(member, TOPIC_REPLY, url="/", context=TopicContext(space="Cercle", topic="Camion"))
    with pytest.raises(TypeError, match="TopicContext"):
        notify(member, TOPIC_REPLY, url="/", context=None)
    assert not Notification.objects.exists()


def test_a_misspelt_fact_raises(member):
    with pytest.raises(TypeError, match="spcae"):
        TopicContext(spcae="Cercle", topic="Camion", topic_id=1)
    # A plain dict, as notifications were once written, is refused too.
    with pytest.raises(TypeError, match="TopicContext"):
        notify(member, TOPIC_REPLY, url="/", context={"spcae": "Cercle", "topic": "Camion"})
    assert not Notification.objects.exists()


def test_a_fact_of_the_wrong_type_or_another_kinds_context_raises(member):
    with pytest.raises(TypeError, match="topic_id"):
        notify(
            member,
            TOPIC_REPLY,
            url="/",
            context=TopicContext(space="Cercle", topic="Camion", topic_id="12"),
        )
    with pytest.raises(TypeError, match="space"):
        notify(
            member,
            TOPIC_REPLY,
            url="/",
            context=TopicContext(space=make_space(), topic="Camion", topic_id=1),
        )
    with pytest.raises(TypeError, match="TopicContext"):
        notify(
            member,
            TOPIC_REPLY,
            url="/",
            context=DecisionContext(action=ModerationAction.Kind.LIFT_SUSPENSION, reason="Fini"),
        )
    assert not Notification.objects.exists()


def test_a_decision_must_give_what_its_sentence_names():
    with pytest.raises(TypeError, match="space"):
        DecisionContext(action=ModerationAction.Kind.MOVE_TOPIC, reason="Hors sujet", title="T")
    with pytest.raises(TypeError, match="until"):
        DecisionContext(action=ModerationAction.Kind.SUSPEND_MEMBER, reason="Insultes")
    DecisionContext(action=ModerationAction.Kind.LIFT_SUSPENSION, reason="Fini")


def test_a_suspension_is_stored_as_a_moment_and_read_back_as_one(member):
    notification = notify(
        member,
        MODERATION_DECISION,
        url="/",
        context=DecisionContext(
            action=ModerationAction.Kind.SUSPEND_MEMBER, reason="Insultes", until=SAMPLE_MOMENT
        ),
    )
    notification.refresh_from_db()
    assert notification.context == {
        "action": "suspend_member",
        "reason": "Insultes",
        "title": "",
        "space": "",
        "until": "2026-01-06T19:30:00+00:00",
    }
    assert registry.context_of(notification).until == SAMPLE_MOMENT
    assert "suspendu jusqu'au" in notification.describe()


def test_rows_written_before_a_kind_changed_still_show(member):
    # A row of an older version, without a fact its kind now needs.
    old = Notification(kind="topic_reply", context={"space": "Cercle", "topic": "Camion"})
    assert old.describe() == GENERIC_SENTENCE
    assert registry.reason(old) == "cette notification vous concerne"
    # Facts a kind no longer has are left aside.
    older = Notification(
        kind="topic_reply",
        context={"space": "Cercle", "topic": "Camion", "topic_id": 3, "reason": "topic"},
    )
    assert registry.context_of(older) == TopicContext(space="Cercle", topic="Camion", topic_id=3)
    # A value its type no longer accepts.
    reaction = Notification(
        kind="reaction",
        context={"space": "Cercle", "topic": "Camion", "topic_id": 3, "reaction": "gone"},
    )
    assert reaction.describe() == GENERIC_SENTENCE


def test_an_old_row_whose_kind_changed_is_emailed_generically(member):
    notification = Notification.objects.create(
        recipient=member, kind="topic_reply", url="/", context={"topic": "Camion"}
    )
    delivery = EmailDelivery.objects.create(recipient=member, notification=notification)
    assert send_now([delivery.pk]) == 1
    (message,) = mail.outbox
    assert GENERIC_SENTENCE in message.body
    assert "Vous le recevez parce que cette notification vous concerne." in message.body


def test_a_kind_is_declared_once():
    with pytest.raises(ValueError, match="already declared"):
        registry.register_kind("topic_reply", context=TopicContext, describe=lambda n, c: "")


def test_a_context_is_a_frozen_dataclass_of_what_json_holds():
    @dataclasses.dataclass
    class Loose:
        space: str

    @dataclasses.dataclass(frozen=True)
    class Listing:
        spaces: list[str]

    with pytest.raises(TypeError, match="frozen dataclass"):
        registry.register_kind("test.loose", context=Loose, describe=lambda n, c: "")
    with pytest.raises(TypeError, match="spaces"):
        registry.register_kind("test.listing", context=Listing, describe=lambda n, c: "")
    assert registry.get_kind("test.loose") is None and registry.get_kind("test.listing") is None
