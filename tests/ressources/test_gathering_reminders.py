"""Reminders the day before and an hour before, in each person's language and the gathering's
zone, with the online link; the follow-up after; each once, again after a move."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communaute.models import Notification
from communaute.permissions import roles
from passerelles.core.scheduler import get_job
from ressources.services.gatherings import (
    register,
    send_gathering_reminders,
    update_gathering,
)
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_gathering

pytestmark = pytest.mark.django_db

LINK = "https://rencontre.example/atelier"


@pytest.fixture
def editor(db):
    return MemberFactory(roles=[roles.EDITORIAL])


def starting_in(editor, delay, **data):
    starts = timezone.now() + delay
    return make_gathering(editor, starts_at=starts, ends_at=starts + timedelta(hours=2), **data)


def test_the_day_before_registered_people_get_a_reminder_with_the_link_once(
    editor, mailoutbox, django_capture_on_commit_callbacks
):
    gathering = starting_in(editor, timedelta(hours=20))
    french = MemberFactory(language="fr")
    english = MemberFactory(language="en")
    waiting_for_nothing = MemberFactory()
    for member in (french, english):
        register(gathering, member=member)
    with django_capture_on_commit_callbacks(execute=True):
        counts = send_gathering_reminders()
    assert counts == {"day": 2, "hour": 0, "follow_up": 0}
    bodies = {mail.to[0]: mail.body for mail in mailoutbox}
    assert LINK in bodies[french.email]
    assert "heure du Centre" in bodies[french.email]
    assert "Central time" in bodies[english.email]
    assert waiting_for_nothing.email not in bodies
    assert send_gathering_reminders() == {"day": 0, "hour": 0, "follow_up": 0}


def test_within_the_hour_only_the_hour_reminder_leaves(editor):
    gathering = starting_in(editor, timedelta(minutes=40))
    register(gathering, member=MemberFactory())
    assert send_gathering_reminders() == {"day": 0, "hour": 1, "follow_up": 0}
    assert send_gathering_reminders() == {"day": 0, "hour": 0, "follow_up": 0}


def test_moving_a_gathering_sends_its_reminders_again(editor):
    gathering = starting_in(editor, timedelta(hours=20))
    register(gathering, member=MemberFactory())
    send_gathering_reminders()
    later = gathering.starts_at + timedelta(hours=2)
    update_gathering(
        gathering, actor=editor, data={"starts_at": later, "ends_at": later + timedelta(hours=2)}
    )
    assert send_gathering_reminders()["day"] == 1


def test_after_the_gathering_attendees_are_invited_to_the_minutes(editor):
    gathering = starting_in(editor, timedelta(days=2))
    member = MemberFactory()
    register(gathering, member=member)
    update_gathering(
        gathering, actor=editor, data={"minutes_url": "https://passerelles.example/compte-rendu"}
    )
    after = gathering.ends_at + timedelta(minutes=10)
    assert send_gathering_reminders(after)["follow_up"] == 1
    notification = Notification.objects.get(recipient=member, kind="gathering_follow_up")
    assert notification.context["minutes_url"] == "https://passerelles.example/compte-rendu"


def test_a_cancelled_gathering_reminds_no_one(editor):
    from ressources.services.gatherings import cancel_gathering

    gathering = starting_in(editor, timedelta(hours=20))
    register(gathering, member=MemberFactory())
    cancel_gathering(gathering, actor=editor)
    assert send_gathering_reminders() == {"day": 0, "hour": 0, "follow_up": 0}


def test_the_reminders_are_a_scheduled_job_every_few_minutes():
    job = get_job("gathering_reminders")
    assert job.every == timedelta(minutes=5)
