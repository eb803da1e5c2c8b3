"""iCalendar files and feeds, read back with the icalendar library as a client would: zone,
VTIMEZONE, UID, SEQUENCE, STATUS; the private feed and its renewal. Every file is also checked by
a second, independent reader (vobject's validator) and against RFC 5545's line rules."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar

from communaute.models import Space, SpaceMembership
from communaute.permissions import roles
from ressources.services.gatherings import (
    calendar_feed_token,
    cancel_gathering,
    register,
    update_gathering,
)
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_gathering

pytestmark = pytest.mark.django_db

LINK = "https://rencontre.example/atelier"


@pytest.fixture
def editor(db):
    return MemberFactory(roles=[roles.EDITORIAL])


def soon(days=10, hour=13):
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZoneInfo("America/Winnipeg"))


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert_valid(response.content)
    return Calendar.from_ical(response.content)


def assert_valid(content):
    """What a strict client asks of the file, checked without the library that wrote it."""
    # RFC 5545 3.1: content lines end in CRLF and are folded at 75 octets.
    lines = content.split(b"\r\n")
    assert lines[-1] == b"", "the file ends with CRLF"
    for line in lines[:-1]:
        assert b"\r" not in line and b"\n" not in line, line
        assert len(line) <= 75, line
    text = content.decode()
    # Required properties, counted per component (VCALENDAR: PRODID; VEVENT: UID and DTSTAMP;
    # VTIMEZONE: TZID), and the values of the known ones parsed.
    calendar = vobject.readOne(text)
    calendar.validate(raiseException=True)
    # vobject writes VERSION itself when it is missing, so it is checked on the file as sent.
    assert "\r\nVERSION:2.0\r\n" in text
    defined = {str(zone.tzid.value) for zone in calendar.contents.get("vtimezone", [])}
    for event in calendar.contents.get("vevent", []):
        for name in ("dtstart", "dtend"):
            for line in event.contents.get(name, []):
                assert set(line.params.get("TZID", [])) <= defined, (name, line.params)


def events(calendar):
    return list(calendar.walk("VEVENT"))


def test_one_gatherings_file_keeps_its_zone_uid_and_sequence(client, editor):
    gathering = make_gathering(editor)
    calendar = parse(client.get(f"/ressources/rencontres/{gathering.pk}/rencontre.ics"))
    assert calendar["VERSION"] == "2.0"
    (event,) = events(calendar)
    start = event.decoded("DTSTART")
    assert start == datetime(2031, 2, 12, 13, 0, tzinfo=ZoneInfo("America/Winnipeg"))
    assert event["DTSTART"].params["TZID"] == "America/Winnipeg"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "America/Winnipeg"
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert str(event["UID"]) == f"gathering-{gathering.pk}@{urlsplit(settings.SITE_URL).hostname}"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert LINK not in response_text(event)


def response_text(event):
    return str(event.get("DESCRIPTION", ""))


def test_moving_then_cancelling_bumps_the_sequence_and_keeps_the_uid(client, editor):
    gathering = make_gathering(editor)
    uid = str(
        events(parse(client.get(f"/ressources/rencontres/{gathering.pk}/rencontre.ics")))[0]["UID"]
    )
    update_gathering(
        gathering,
        actor=editor,
        data={"starts_at": gathering.starts_at + timedelta(hours=1)},
    )
    (event,) = events(parse(client.get(f"/ressources/rencontres/{gathering.pk}/rencontre.ics")))
    assert (str(event["UID"]), event["SEQUENCE"]) == (uid, 1)
    cancel_gathering(gathering, actor=editor)
    (event,) = events(parse(client.get(f"/ressources/rencontres/{gathering.pk}/rencontre.ics")))
    assert (str(event["UID"]), event["SEQUENCE"], event["STATUS"]) == (uid, 2, "CANCELLED")


def test_the_online_link_is_in_the_file_of_a_registered_person_only(client, editor):
    gathering = make_gathering(editor)
    member = MemberFactory()
    client.force_login(member)
    address = f"/ressources/rencontres/{gathering.pk}/rencontre.ics"
    assert LINK not in response_text(events(parse(client.get(address)))[0])
    register(gathering, member=member)
    assert LINK in response_text(events(parse(client.get(address)))[0])


def test_the_portal_feed_lists_what_a_visitor_sees_and_the_cancelled(client, editor):
    space = Space.objects.create(name="Cercle", slug="cercle", visibility="private")
    SpaceMembership.objects.create(space=space, member=editor, role="animator")
    public = make_gathering(editor, title="Public", starts_at=soon(), ends_at=soon(hour=15))
    cancelled = make_gathering(editor, title="Annulée", starts_at=soon(), ends_at=soon(hour=15))
    cancel_gathering(cancelled, actor=editor)
    make_gathering(
        editor,
        organizer="space",
        space=space,
        title="Privée",
        starts_at=soon(),
        ends_at=soon(hour=15),
    )
    client.force_login(editor)  # a feed ignores the session: clients have none
    calendar = parse(client.get("/ressources/rencontres/calendrier.ics"))
    found = {str(event["SUMMARY"]): str(event["STATUS"]) for event in events(calendar)}
    assert found == {"Public": "CONFIRMED", "Annulée": "CANCELLED"}
    assert public.title in found


def test_space_and_organization_feeds(client, editor, organization, representative):
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    SpaceMembership.objects.create(space=space, member=editor, role="animator")
    make_gathering(
        editor,
        organizer="space",
        space=space,
        title="De l'espace",
        starts_at=soon(),
        ends_at=soon(hour=15),
    )
    make_gathering(
        representative,
        organizer="organization",
        organization=organization,
        title="De l'organisation",
        starts_at=soon(),
        ends_at=soon(hour=15),
    )
    space_feed = parse(client.get("/ressources/rencontres/espaces/diffusion/calendrier.ics"))
    assert [str(e["SUMMARY"]) for e in events(space_feed)] == ["De l'espace"]
    organization_feed = parse(
        client.get(f"/ressources/rencontres/organisations/{organization.slug}/calendrier.ics")
    )
    assert [str(e["SUMMARY"]) for e in events(organization_feed)] == ["De l'organisation"]
    assert client.get("/ressources/rencontres/espaces/nulle/calendrier.ics").status_code == 404


def test_the_private_feed_lists_my_registrations_until_i_renew_its_address(client, editor):
    mine = make_gathering(editor, title="La mienne", starts_at=soon(), ends_at=soon(hour=15))
    make_gathering(editor, title="Pas la mienne", starts_at=soon(), ends_at=soon(hour=15))
    member = MemberFactory()
    register(mine, member=member)
    token = calendar_feed_token(member)
    address = f"/ressources/rencontres/mon-agenda/{token}.ics"
    (event,) = events(parse(client.get(address)))
    assert str(event["SUMMARY"]) == "La mienne"
    assert LINK in response_text(event)
    client.force_login(member)
    page = client.get("/ressources/rencontres/mon-agenda/").content.decode()
    assert token in page
    client.post("/ressources/rencontres/mon-agenda/")
    assert client.get(address).status_code == 404
    assert token not in client.get("/ressources/rencontres/mon-agenda/").content.decode()


def test_a_forged_token_is_not_found(client):
    assert client.get("/ressources/rencontres/mon-agenda/pas-un-jeton.ics").status_code == 404
    assert client.get("/ressources/rencontres/mon-agenda/" + "x" * 500 + ".ics").status_code == 404


def test_feeds_answer_in_bounded_queries(client, editor, django_assert_max_num_queries):
    make_gathering(editor, starts_at=soon(), ends_at=soon(hour=15), disciplines=("music",))
    with django_assert_max_num_queries(6) as small:
        parse(client.get("/ressources/rencontres/calendrier.ics"))
    for index in range(12):
        make_gathering(
            editor,
            title=f"Atelier {index}",
            starts_at=soon(days=index + 1),
            ends_at=soon(days=index + 1, hour=15),
            disciplines=("music", "dance"),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        calendar = parse(client.get("/ressources/rencontres/calendrier.ics"))
    assert len(events(calendar)) == 13
