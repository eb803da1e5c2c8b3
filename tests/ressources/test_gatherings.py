"""Gatherings through their services: who may hold one, the waiting list and its promotion (also
under concurrency), cancelling and moving, and times written in the event's zone and the
member's."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from communaute.models import Notification, Space, SpaceMembership
from communaute.permissions import roles
from communaute.services.moderation import suspend_member
from ressources.models import Gathering, GatheringRegistration
from ressources.selectors.gatherings import (
    attendance_csv,
    local_time_text,
    member_time_zone,
    waiting_position,
    when_text,
)
from ressources.services.gatherings import (
    AlreadyRegisteredError,
    cancel_gathering,
    cancel_registration,
    register,
    update_gathering,
)
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_gathering

pytestmark = pytest.mark.django_db

REGISTERED = GatheringRegistration.Status.REGISTERED
WAITING = GatheringRegistration.Status.WAITING
WINNIPEG = ZoneInfo("America/Winnipeg")


@pytest.fixture
def editor(db):
    return MemberFactory(display_name="Rose Comeau", roles=[roles.EDITORIAL])


@pytest.fixture
def gathering(editor):
    return make_gathering(editor, capacity=2)


def statuses(gathering):
    return list(
        gathering.registrations.exclude(status="cancelled")
        .order_by("created_at", "pk")
        .values_list("member__display_name", "status")
    )


# Who may hold a gathering


def test_an_editor_holds_a_gathering_for_the_whole_portal(editor):
    gathering = make_gathering(editor)
    assert gathering.organizer == Gathering.Organizer.PORTAL
    assert "<strong>bâtir un budget</strong>" in gathering.description_html


def test_a_representative_holds_one_for_their_organization_only(
    organization, other_organization, representative
):
    gathering = make_gathering(representative, organizer="organization", organization=organization)
    assert gathering.organization == organization
    with pytest.raises(PermissionDenied):
        make_gathering(representative, organizer="organization", organization=other_organization)
    with pytest.raises(PermissionDenied):
        make_gathering(representative)


def test_an_animator_holds_one_for_their_space_and_a_member_for_none():
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    other = Space.objects.create(name="Cercle", slug="cercle")
    animator = MemberFactory()
    SpaceMembership.objects.create(space=space, member=animator, role="animator")
    assert make_gathering(animator, organizer="space", space=space).space == space
    with pytest.raises(PermissionDenied):
        make_gathering(animator, organizer="space", space=other)
    member = MemberFactory()
    SpaceMembership.objects.create(space=space, member=member)
    for data in ({"organizer": "space", "space": space}, {"organizer": "portal"}):
        with pytest.raises(PermissionDenied):
            make_gathering(member, **data)


def test_a_suspended_editor_holds_nothing(editor):
    suspend_member(editor, actor=MemberFactory(roles=[roles.ANIMATION]), days=3, reason="Spam")
    with pytest.raises(PermissionDenied):
        make_gathering(editor)


def test_only_its_organizers_change_or_cancel_a_gathering(gathering, representative):
    with pytest.raises(PermissionDenied):
        update_gathering(gathering, actor=representative, data={"title": "Autre"})
    with pytest.raises(PermissionDenied):
        cancel_gathering(gathering, actor=MemberFactory())


# Registration and the waiting list


def test_registrations_beyond_capacity_wait_in_order(gathering):
    people = [MemberFactory(display_name=name) for name in ("Ana", "Bob", "Chloé", "Dan")]
    results = [register(gathering, member=person).status for person in people]
    assert results == [REGISTERED, REGISTERED, WAITING, WAITING]
    gathering.refresh_from_db()
    assert (gathering.registered_count, gathering.waiting_count, gathering.seats_left) == (2, 2, 0)
    dan = gathering.registrations.get(member=people[3])
    assert waiting_position(dan) == 2


def test_registering_twice_is_refused_quietly(gathering):
    member = MemberFactory()
    register(gathering, member=member)
    with pytest.raises(AlreadyRegisteredError):
        register(gathering, member=member)


def test_cancelling_gives_the_seat_to_the_first_waiting_who_is_emailed(
    gathering, mailoutbox, django_capture_on_commit_callbacks
):
    ana, bob, chloe, dan = (MemberFactory(display_name=n) for n in ("Ana", "Bob", "Chloé", "Dan"))
    for person in (ana, bob, chloe, dan):
        register(gathering, member=person)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(gathering, member=ana)
    assert statuses(gathering) == [("Bob", REGISTERED), ("Chloé", REGISTERED), ("Dan", WAITING)]
    assert Notification.objects.filter(recipient=chloe, kind="gathering_promoted").exists()
    assert not Notification.objects.filter(recipient=dan, kind="gathering_promoted").exists()
    emails = [mail for mail in mailoutbox if chloe.email in mail.to]
    assert len(emails) == 1
    assert "Atelier : financer le numérique" in emails[0].subject


def test_a_waiting_person_who_leaves_frees_nothing_and_keeps_the_order(gathering):
    people = [MemberFactory(display_name=name) for name in ("Ana", "Bob", "Chloé", "Dan")]
    for person in people:
        register(gathering, member=person)
    cancel_registration(gathering, member=people[2])
    assert statuses(gathering) == [("Ana", REGISTERED), ("Bob", REGISTERED), ("Dan", WAITING)]


def test_raising_the_capacity_promotes_the_waiting(gathering, editor):
    people = [MemberFactory(display_name=name) for name in ("Ana", "Bob", "Chloé")]
    for person in people:
        register(gathering, member=person)
    update_gathering(gathering, actor=editor, data={"capacity": 3})
    assert [status for _name, status in statuses(gathering)] == [REGISTERED] * 3


def test_registration_closes_at_its_date_and_when_the_gathering_starts(editor):
    closed = make_gathering(editor, registration_closes_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        register(closed, member=MemberFactory())
    past = make_gathering(
        editor,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    with pytest.raises(PermissionDenied):
        register(past, member=MemberFactory())


def test_a_suspended_member_cannot_register(gathering):
    member = MemberFactory()
    suspend_member(member, actor=MemberFactory(roles=[roles.ANIMATION]), days=3, reason="Spam")
    with pytest.raises(PermissionDenied):
        register(gathering, member=member)


def test_the_attendance_export_shows_only_what_each_agreed_to_share(gathering):
    register(gathering, member=MemberFactory(display_name="Ana Partage", email="ana@example.org"))
    secret = MemberFactory(display_name="Bob Secret", email="bob@example.org")
    register(gathering, member=secret, share_contact=False)
    gathering.registrations.filter(member__display_name="Ana Partage").update(share_contact=True)
    exported = attendance_csv(gathering)
    assert "Ana Partage" in exported
    assert "ana@example.org" in exported
    assert "Bob Secret" not in exported
    assert "bob@example.org" not in exported


# Cancelling and moving


def test_moving_bumps_the_sequence_and_tells_registered_and_waiting(gathering, editor):
    people = [MemberFactory() for _ in range(3)]
    for person in people:
        register(gathering, member=person)
    update_gathering(
        gathering,
        actor=editor,
        data={
            "starts_at": gathering.starts_at + timedelta(days=1),
            "ends_at": gathering.ends_at + timedelta(days=1),
        },
    )
    gathering.refresh_from_db()
    assert gathering.sequence == 1
    assert Notification.objects.filter(kind="gathering_moved").count() == 3


def test_a_change_of_description_bumps_nothing_and_tells_no_one(gathering, editor):
    register(gathering, member=MemberFactory())
    update_gathering(gathering, actor=editor, data={"description": "Autre programme."})
    gathering.refresh_from_db()
    assert gathering.sequence == 0
    assert not Notification.objects.filter(kind="gathering_moved").exists()


def test_cancelling_tells_everyone_and_promotes_no_one(gathering, editor):
    people = [MemberFactory() for _ in range(3)]
    for person in people:
        register(gathering, member=person)
    cancel_gathering(gathering, actor=editor)
    gathering.refresh_from_db()
    assert gathering.is_cancelled
    assert gathering.sequence == 1
    assert Notification.objects.filter(kind="gathering_cancelled").count() == 3
    cancel_registration(gathering, member=people[0])
    assert not Notification.objects.filter(kind="gathering_promoted").exists()


# Times


def test_times_are_written_in_the_events_zone_in_french_and_english():
    starts = datetime(2026, 2, 12, 13, 0, tzinfo=ZoneInfo("America/Halifax"))
    with translation.override("fr"):
        assert when_text(starts, starts + timedelta(hours=2), "America/Halifax") == (
            "le jeudi 12 février 2026 de 13\u00a0h à 15\u00a0h (heure de l'Atlantique)"
        )
    with translation.override("en"):
        assert when_text(starts, starts + timedelta(hours=2), "America/Halifax") == (
            "Thursday, February 12, 2026 from 1 p.m. to 3 p.m. (Atlantic time)"
        )


def test_a_member_in_moncton_sees_a_winnipeg_event_at_both_times():
    member = MemberFactory(province="NB")
    starts = datetime(2026, 2, 12, 13, 0, tzinfo=WINNIPEG)
    with translation.override("fr"):
        text = local_time_text(starts, "America/Winnipeg", member_time_zone(member))
    assert text == "13\u00a0h (heure du Centre) — 15\u00a0h chez vous"
    with translation.override("en"):
        text = local_time_text(starts, "America/Winnipeg", member_time_zone(member))
    assert text == "1 p.m. (Central time) — 3 p.m. your time"


def test_no_second_time_in_the_same_zone_or_for_an_unknown_place():
    starts = datetime(2026, 2, 12, 13, 0, tzinfo=WINNIPEG)
    assert (
        local_time_text(starts, "America/Winnipeg", member_time_zone(MemberFactory(province="MB")))
        == ""
    )
    assert (
        local_time_text(
            starts, "America/Winnipeg", member_time_zone(MemberFactory(province="outside"))
        )
        == ""
    )


def test_a_daylight_saving_change_between_registration_and_event_keeps_the_local_hour(editor):
    """Registered in February (standard time), held in April (daylight time): 13 h in Winnipeg
    stays 13 h, and Regina (no daylight saving) sees 12 h instead of 13 h."""
    with translation.override("fr"):
        gathering = make_gathering(
            editor,
            starts_at=datetime(2031, 4, 10, 13, 0, tzinfo=WINNIPEG),
            ends_at=datetime(2031, 4, 10, 15, 0, tzinfo=WINNIPEG),
        )
        register(gathering, member=MemberFactory())
        assert gathering.starts_at.astimezone(ZoneInfo("UTC")).hour == 18
        assert "de 13\u00a0h à 15\u00a0h (heure du Centre)" in when_text(
            gathering.starts_at, gathering.ends_at, gathering.time_zone
        )
        assert local_time_text(gathering.starts_at, gathering.time_zone, "America/Regina") == (
            "13\u00a0h (heure du Centre) — 12\u00a0h chez vous"
        )
        winter = datetime(2031, 2, 12, 13, 0, tzinfo=WINNIPEG)
        assert local_time_text(winter, "America/Winnipeg", "America/Regina") == ""


def test_an_evening_event_in_vancouver_is_the_next_day_in_newfoundland():
    starts = datetime(2026, 2, 12, 21, 0, tzinfo=ZoneInfo("America/Vancouver"))
    with translation.override("fr"):
        text = local_time_text(starts, "America/Vancouver", "America/St_Johns")
    assert text == (
        "21\u00a0h (heure du Pacifique) — le vendredi 13 février 2026 à 1\u00a0h\u00a030 chez vous"
    )
