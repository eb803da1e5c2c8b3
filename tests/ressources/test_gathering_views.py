"""The gathering pages through HTTP: the calendar and its filters, the page and its link kept for
registered people, registering into a full gathering, the organizers' pages and their refusals,
bad input, and bounded queries."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from communaute.models import Space, SpaceMembership
from communaute.permissions import roles
from ressources.models import Gathering, GatheringRegistration
from ressources.services.gatherings import register
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_gathering

pytestmark = pytest.mark.django_db

LINK = "https://rencontre.example/atelier"


@pytest.fixture
def editor(db):
    return MemberFactory(display_name="Rose Comeau", roles=[roles.EDITORIAL])


@pytest.fixture
def gathering(editor):
    return make_gathering(editor, capacity=1)


def month_of(gathering):
    return timezone.localtime(gathering.starts_at).strftime("%Y-%m")


def test_the_online_link_is_for_registered_people_and_organizers(client, gathering, editor):
    assert LINK not in client.get(gathering.get_absolute_url()).content.decode()
    member = MemberFactory()
    client.force_login(member)
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert LINK not in page
    assert "M&#x27;inscrire" in page or "M'inscrire" in page
    client.post(f"/ressources/rencontres/{gathering.pk}/inscription/", {"share_contact": "on"})
    assert LINK in client.get(gathering.get_absolute_url()).content.decode()
    client.force_login(editor)
    assert LINK in client.get(gathering.get_absolute_url()).content.decode()


def test_a_full_gathering_puts_the_next_person_on_the_waiting_list(client, gathering):
    register(gathering, member=MemberFactory())
    member = MemberFactory()
    client.force_login(member)
    response = client.post(f"/ressources/rencontres/{gathering.pk}/inscription/", follow=True)
    page = response.content.decode()
    assert "liste d&#x27;attente (position 1)" in page or "liste d'attente (position 1)" in page
    registration = GatheringRegistration.objects.get(gathering=gathering, member=member)
    assert registration.status == GatheringRegistration.Status.WAITING
    assert not registration.share_contact


def test_leaving_gives_the_seat_to_the_waiting_person(client, gathering):
    first, second = MemberFactory(), MemberFactory()
    register(gathering, member=first)
    register(gathering, member=second)
    client.force_login(first)
    client.post(f"/ressources/rencontres/{gathering.pk}/desistement/")
    assert gathering.registrations.get(member=second).status == "registered"


def test_an_editor_creates_a_gathering_whose_hours_are_read_in_its_zone(client, editor):
    client.force_login(editor)
    response = client.post(
        "/ressources/rencontres/nouvelle/",
        {
            "organizer": "portal",
            "title": "Webinaire sur les subventions",
            "description": "Le *programme*.",
            "kind": "webinar",
            "attendance": "online",
            "online_url": "https://rencontre.example/w",
            "day": "2031-02-12",
            "start_time": "13:00",
            "end_time": "15:00",
            "time_zone": "America/Halifax",
            "capacity": "30",
            "registration_closes_on": "2031-02-10",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    gathering = Gathering.objects.get(title="Webinaire sur les subventions")
    assert gathering.starts_at.isoformat() == "2031-02-12T17:00:00+00:00"
    assert gathering.registration_closes_at.isoformat() == "2031-02-11T04:00:00+00:00"
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert "de 13\u00a0h à 15\u00a0h (heure de l&#x27;Atlantique)" in page
    assert "<em>programme</em>" in page


def test_the_form_refuses_an_end_before_the_start_and_a_place_without_address(client, editor):
    client.force_login(editor)
    response = client.post(
        "/ressources/rencontres/nouvelle/",
        {
            "organizer": "portal",
            "title": "Atelier",
            "description": "x",
            "kind": "workshop",
            "attendance": "in_person",
            "day": "2031-02-12",
            "start_time": "15:00",
            "end_time": "13:00",
            "time_zone": "America/Halifax",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "La fin vient après le début." in page
    assert "Indiquez où a lieu la rencontre." in page
    assert not Gathering.objects.exists()


def test_a_member_cannot_create_and_a_representative_cannot_hold_for_the_portal(
    client, representative, organization
):
    client.force_login(MemberFactory())
    assert client.get("/ressources/rencontres/nouvelle/").status_code == 403
    client.force_login(representative)
    page = client.get("/ressources/rencontres/nouvelle/").content.decode()
    assert 'value="portal"' not in page
    response = client.post(
        "/ressources/rencontres/nouvelle/",
        {
            "organizer": "portal",
            "title": "Atelier",
            "description": "x",
            "kind": "workshop",
            "attendance": "online",
            "online_url": "https://rencontre.example/w",
            "day": "2031-02-12",
            "start_time": "13:00",
            "end_time": "15:00",
            "time_zone": "America/Halifax",
        },
    )
    assert response.status_code == 200
    assert not Gathering.objects.exists()


def test_another_organizations_representative_cannot_manage_the_gathering(
    client, representative, organization, other_representative
):
    gathering = make_gathering(representative, organizer="organization", organization=organization)
    client.force_login(other_representative)
    base = f"/ressources/rencontres/{gathering.pk}"
    assert client.get(f"{base}/modifier/").status_code == 403
    assert client.get(f"{base}/inscriptions/").status_code == 403
    assert client.get(f"{base}/presences.csv").status_code == 403
    assert client.post(f"{base}/annuler/").status_code == 403
    gathering.refresh_from_db()
    assert not gathering.is_cancelled
    client.force_login(representative)
    assert client.post(f"{base}/annuler/").status_code == 302
    gathering.refresh_from_db()
    assert gathering.is_cancelled


def test_organizers_write_to_the_registered_people(client, gathering, editor):
    member = MemberFactory()
    register(gathering, member=member)
    client.force_login(editor)
    response = client.post(
        f"/ressources/rencontres/{gathering.pk}/inscriptions/",
        {"subject": "Apportez vos budgets", "body": "Et un crayon."},
    )
    assert response.status_code == 302
    assert member.notifications.filter(kind="gathering_message").count() == 1


def test_the_csv_is_a_download_for_organizers(client, gathering, editor):
    register(gathering, member=MemberFactory(display_name="Ana Partage"), share_contact=True)
    client.force_login(editor)
    response = client.get(f"/ressources/rencontres/{gathering.pk}/presences.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "Ana Partage" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?mois=2031-02&province=ZZ",
        "?mois=\x00",
        "?mois=99999999999999999999-1",
        "?organisation=99999999999999999999999",
        "?discipline=%00&participation=partout",
    ],
)
def test_the_calendar_takes_bad_input_without_failing(client, query):
    # A NUL byte is refused by the site's middleware (400) before any view.
    assert client.get("/ressources/rencontres/" + query).status_code in (200, 400)


@pytest.mark.parametrize("pk", ["99999999999999999999", "0"])
def test_huge_or_missing_ids_are_not_found(client, pk):
    assert client.get(f"/ressources/rencontres/{pk}/").status_code == 404


def test_the_calendar_filters_by_attendance_and_province(client, editor):
    online = make_gathering(editor, title="Webinaire en ligne")
    make_gathering(
        editor,
        title="Atelier à Moncton",
        attendance="in_person",
        online_url="",
        address="140, rue Botsford",
        province="NB",
    )
    month = month_of(online)
    page = client.get(f"/ressources/rencontres/?mois={month}").content.decode()
    assert "Webinaire en ligne" in page and "Atelier à Moncton" in page
    page = client.get(f"/ressources/rencontres/?mois={month}&participation=online").content.decode()
    assert "Webinaire en ligne" in page and "Atelier à Moncton" not in page
    page = client.get(f"/ressources/rencontres/?mois={month}&province=NB").content.decode()
    assert "Webinaire en ligne" not in page and "Atelier à Moncton" in page


def test_the_calendar_answers_in_bounded_queries(client, editor, django_assert_max_num_queries):
    first = make_gathering(editor, disciplines=("theatre",))
    month = month_of(first)
    with django_assert_max_num_queries(16) as small:
        client.get(f"/ressources/rencontres/?mois={month}")
    for index in range(15):
        make_gathering(
            editor,
            title=f"Atelier {index}",
            disciplines=("theatre", "music"),
            starts_at=first.starts_at + timedelta(hours=index),
            ends_at=first.ends_at + timedelta(hours=index),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/ressources/rencontres/?mois={month}")
    assert response.content.decode().count("Atelier ") >= 15


def test_the_registrations_page_answers_in_bounded_queries(
    client, editor, django_assert_max_num_queries
):
    gathering = make_gathering(editor, capacity=5)
    register(gathering, member=MemberFactory())
    client.force_login(editor)
    with django_assert_max_num_queries(30) as small:
        client.get(f"/ressources/rencontres/{gathering.pk}/inscriptions/")
    for _ in range(12):
        register(gathering, member=MemberFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/ressources/rencontres/{gathering.pk}/inscriptions/")


def test_the_space_page_shows_its_upcoming_gatherings_to_those_who_see_it(client):
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    animator = MemberFactory()
    SpaceMembership.objects.create(space=space, member=animator, role="animator")
    make_gathering(
        animator,
        organizer="space",
        space=space,
        title="Répétition ouverte",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    page = client.get("/communaute/espaces/diffusion/").content.decode()
    assert "À venir dans cet espace" in page
    assert "Répétition ouverte" in page


def test_a_private_spaces_gathering_is_hidden_from_strangers_everywhere(client):
    space = Space.objects.create(name="Cercle", slug="cercle", visibility="private")
    animator = MemberFactory()
    SpaceMembership.objects.create(space=space, member=animator, role="animator")
    gathering = make_gathering(
        animator,
        organizer="space",
        space=space,
        title="Budget entre nous",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    client.force_login(MemberFactory())
    assert client.get(gathering.get_absolute_url()).status_code == 404
    month = month_of(gathering)
    assert (
        "Budget entre nous"
        not in client.get(f"/ressources/rencontres/?mois={month}").content.decode()
    )
    assert "Budget entre nous" not in client.get("/recherche/?q=budget").content.decode()
    assert "Budget entre nous" not in client.get("/").content.decode()
    client.force_login(animator)
    assert (
        "Budget entre nous" in client.get(f"/ressources/rencontres/?mois={month}").content.decode()
    )
    assert "Budget entre nous" in client.get("/recherche/?q=budget").content.decode()
    assert "Budget entre nous" in client.get("/").content.decode()


def test_the_gathering_page_describes_an_event_for_search_engines(client, editor):
    gathering = make_gathering(editor)
    page = client.get(gathering.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    )
    assert data["@type"] == "Event"
    assert data["startDate"] == "2031-02-12T13:00:00-06:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert LINK not in json.dumps(data)
