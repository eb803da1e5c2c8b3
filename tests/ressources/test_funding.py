"""Funding calls: suggestions for the editors, the filtered list, following and its reminders,
« je cherche des partenaires » answered privately, and the deadlines as a calendar source."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communaute.hooks.calendar import CalendarFilters, calendar_entries
from communaute.models import Conversation, Notification
from communaute.permissions.viewer import Viewer
from communaute.services.moderation import suspend_member
from ressources.models import FundingCall, FundingFollow, FundingReminder, PartnerSearch
from ressources.selectors.funding import local_today
from ressources.services.funding import (
    archive_call,
    close_partner_search,
    follow_call,
    post_partner_search,
    publish_call,
    send_deadline_reminders,
    suggest_call,
    unfollow_call,
)
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_funding_call, make_organization, make_representative

pytestmark = pytest.mark.django_db

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def funder():
    return make_organization("Conseil des arts du Canada", kind="public")


@pytest.fixture
def member():
    return MemberFactory(display_name="Sophie Gagnon", province="NB")


@pytest.fixture
def call(funder):
    return make_funding_call(funder, deadlines=[local_today() + timedelta(days=20)])


def suggestion(**overrides):
    data = {
        "funder_name": "Conseil des arts du Nouveau-Brunswick",
        "program": "Création — arts de la scène",
        "summary": "Des bourses pour créer une œuvre nouvelle.",
        "official_url": "https://example.org/creation",
        "amount_min": "",
        "amount_max": "20000",
        "for_artists": "on",
        "deadline": "",
    }
    data.update(overrides)
    return data


def service_data():
    """A suggestion as the form cleans it."""
    data = suggestion(for_artists=True, amount_max=20000)
    del data["amount_min"], data["deadline"]
    return data


def titles(response):
    return [call.program for call in response.context["page"].object_list]


# Suggestions and the editors' step -------------------------------------------------------


def test_a_members_suggestion_waits_for_the_editors_unseen(client, member):
    editor = MemberFactory(roles=["Rédaction"])
    client.force_login(member)
    response = client.post("/ressources/financements/proposer/", suggestion())
    assert response.status_code == 302
    call = FundingCall.objects.get()
    assert call.status == FundingCall.Status.SUGGESTED
    assert call.suggested_by == member
    assert Notification.objects.filter(recipient=editor, kind="funding_call_suggested").exists()
    assert client.get(call.get_absolute_url()).status_code == 404
    assert call.program not in client.get("/ressources/financements/").content.decode()


def test_a_suggestion_is_published_only_once_its_funder_is_named(member, funder):
    call = suggest_call(member=member, data=service_data())
    with pytest.raises(ValidationError):
        publish_call(call)
    call.funder = funder
    call.save()
    assert publish_call(call).status == FundingCall.Status.PUBLISHED


def test_the_suggestion_form_refuses_a_reversed_range_and_a_huge_amount(client, member):
    client.force_login(member)
    response = client.post(
        "/ressources/financements/proposer/", suggestion(amount_min="500", amount_max="100")
    )
    assert response.status_code == 400
    response = client.post("/ressources/financements/proposer/", suggestion(amount_max="9" * 30))
    assert response.status_code == 400
    response = client.post("/ressources/financements/proposer/", suggestion(program="Nul\x00octet"))
    assert response.status_code == 400
    assert not FundingCall.objects.exists()


def test_a_suspended_member_and_a_visitor_cannot_suggest(client, member):
    moderator = MemberFactory(roles=["Animation"])
    suspend_member(member, actor=moderator, days=3, reason="Propos blessants")
    client.force_login(member)
    assert client.post("/ressources/financements/proposer/", suggestion()).status_code == 403
    client.logout()
    response = client.get("/ressources/financements/proposer/")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


# The list --------------------------------------------------------------------------------


def test_the_list_filters_by_deadline_window_discipline_province_and_applicant(client, funder):
    today = local_today()
    soon = make_funding_call(funder, program="Bientôt", deadlines=[today])
    later = make_funding_call(
        funder,
        program="Plus tard",
        deadlines=[today + timedelta(days=60)],
        disciplines=["theatre"],
        provinces=["NB"],
        for_artists=False,
        for_organizations=True,
    )
    far = make_funding_call(funder, program="Loin", deadlines=[today + timedelta(days=200)])
    archived = make_funding_call(funder, program="Fermé", deadlines=[today])
    archive_call(archived)
    assert titles(client.get("/ressources/financements/")) == [
        soon.program,
        later.program,
        far.program,
    ]
    window = client.get("/ressources/financements/?echeance=trois-mois")
    assert titles(window) == [soon.program, later.program]
    # A call naming no discipline is open to all of them.
    dance = client.get("/ressources/financements/?discipline=dance")
    assert later.program not in titles(dance) and soon.program in titles(dance)
    assert later.program in titles(client.get("/ressources/financements/?province=NB"))
    assert titles(client.get("/ressources/financements/?pour=organisation")) == [later.program]
    assert titles(client.get("/ressources/financements/?etat=archives")) == [archived.program]
    # Unknown values are ignored; a NUL byte is refused by the site's middleware; never a 500.
    assert client.get("/ressources/financements/?echeance=x&province=ZZ&page=9").status_code == 200
    assert client.get("/ressources/financements/?page=99999999999999999999").status_code == 200
    assert client.get("/ressources/financements/?echeance=%00").status_code == 400


def test_the_site_search_finds_published_calls_only(client, funder):
    today = local_today()
    make_funding_call(
        funder,
        program="Tournées régionales",
        summary="Des tournées dans les régions éloignées.",
        deadlines=[today + timedelta(days=10)],
    )
    make_funding_call(funder, program="Résidences en région", summary="Au long cours.")
    archive_call(make_funding_call(funder, program="Tournées d'hier", summary="Les régions."))
    suggested = make_funding_call(funder, program="Tournées proposées", summary="Les régions.")
    FundingCall.objects.filter(pk=suggested.pk).update(status=FundingCall.Status.SUGGESTED)

    html = client.get("/recherche/", {"q": "region"}).content.decode()
    assert 'Appels de financement <span class="count">(2)</span>' in html
    assert "Tournées régionales" in html and "Résidences en région" in html
    assert "Conseil des arts du Canada · Date limite" in html
    assert "Dépôt en continu" in html
    assert "d&#x27;hier" not in html and "proposées" not in html


def test_the_list_says_when_nothing_matches(client, funder):
    response = client.get("/ressources/financements/")
    assert "Aucun appel n'est encore publié." in response.content.decode()
    make_funding_call(funder)
    response = client.get("/ressources/financements/?pour=collectif")
    assert "Aucun appel ne répond à tous ces critères." in response.content.decode()


@pytest.mark.parametrize("count", [3, 25])
def test_the_list_takes_a_bounded_number_of_queries(
    client, funder, member, count, django_assert_max_num_queries
):
    for number in range(count):
        make_funding_call(
            funder,
            program=f"Programme {number}",
            deadlines=[local_today() + timedelta(days=number)],
            disciplines=["music"],
            provinces=["ON"],
        )
    client.force_login(member)
    client.get("/ressources/financements/")  # the member's facts and the menus reach the cache
    # The same bound at any number of calls: each list query once, prefetches included.
    with django_assert_max_num_queries(10):
        assert client.get("/ressources/financements/").status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_the_call_page_takes_a_bounded_number_of_queries(
    client, call, member, count, django_assert_max_num_queries
):
    for number in range(count):
        post_partner_search(
            call,
            member=MemberFactory(),
            data={"plan": f"Projet {number}"},
            disciplines=["music"],
            provinces=["NB"],
        )
    client.force_login(member)
    client.get(call.get_absolute_url())  # the member's facts and the site's menus reach the cache
    # The same bound at any number of partner searches.
    with django_assert_max_num_queries(14):
        assert client.get(call.get_absolute_url()).status_code == 200


def test_a_missing_call_is_not_found(client):
    assert client.get("/ressources/financements/987654/").status_code == 404


# Following and reminders -----------------------------------------------------------------


def test_following_twice_counts_once_and_unfollowing_stops(client, call, member):
    client.force_login(member)
    client.post(f"/ressources/financements/{call.pk}/suivre/")
    client.post(f"/ressources/financements/{call.pk}/suivre/")
    call.refresh_from_db()
    assert call.follower_count == 1
    assert "Ne plus suivre" in client.get(call.get_absolute_url()).content.decode()
    assert call.program in client.get("/ressources/financements/suivis/").content.decode()
    client.post(f"/ressources/financements/{call.pk}/suivre/", {"follow": "0"})
    call.refresh_from_db()
    assert call.follower_count == 0
    assert not FundingFollow.objects.exists()


def test_an_archived_call_cannot_be_followed(call, member):
    archive_call(call)
    with pytest.raises(PermissionDenied):
        follow_call(call, member=member)


def at(day):
    return datetime.combine(day, datetime.min.time(), tzinfo=TORONTO).replace(hour=7)


def test_reminders_leave_30_7_and_1_days_before_each_deadline_once(funder, member):
    deadline = date(2027, 3, 31)
    call = make_funding_call(funder, deadlines=[deadline])
    follow_call(call, member=member)
    days = {}
    day = deadline - timedelta(days=40)
    while day <= deadline:
        sent = send_deadline_reminders(at(day))
        # Run twice: a second scheduler or a manual run sends nothing more.
        assert send_deadline_reminders(at(day)) == 0
        if sent:
            days[(deadline - day).days] = sent
        day += timedelta(days=1)
    assert days == {30: 1, 7: 1, 1: 1}
    notes = Notification.objects.filter(recipient=member, kind="funding_deadline_reminder")
    assert notes.count() == 3
    assert "Date limite demain" in notes.order_by("-pk").first().describe()


def test_a_late_follower_gets_the_steps_that_remain(funder, member):
    deadline = date(2027, 3, 31)
    call = make_funding_call(funder, deadlines=[deadline])
    follow_call(call, member=member)
    assert send_deadline_reminders(at(deadline - timedelta(days=20))) == 1
    assert send_deadline_reminders(at(deadline - timedelta(days=19))) == 0
    assert list(FundingReminder.objects.values_list("days_before", flat=True)) == [30]


def test_no_reminder_for_an_unfollowed_or_archived_call(funder, member):
    deadline = date(2027, 3, 31)
    call = make_funding_call(funder, deadlines=[deadline])
    follow_call(call, member=member)
    unfollow_call(call, member=member)
    assert send_deadline_reminders(at(deadline - timedelta(days=7))) == 0
    other = make_funding_call(funder, program="Autre", deadlines=[deadline])
    follow_call(other, member=member)
    archive_call(other)
    assert send_deadline_reminders(at(deadline - timedelta(days=7))) == 0


# Je cherche des partenaires --------------------------------------------------------------


def test_a_member_posts_a_search_and_another_answers_privately(client, call, member):
    client.force_login(member)
    response = client.post(
        f"/ressources/financements/{call.pk}/partenaires/",
        {"partenaires-plan": "Une tournée en Acadie", "partenaires-skills": "diffusion",
         "partenaires-disciplines": ["theatre"], "partenaires-provinces": ["NB"]},
    )  # fmt: skip
    assert response.status_code == 302
    search = PartnerSearch.objects.get()
    assert search.author == member
    other = MemberFactory(display_name="Olivier Dehors")
    client.force_login(other)
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Une tournée en Acadie" in page and "Répondre en privé" in page
    response = client.post(
        f"/ressources/financements/partenaires/{search.pk}/repondre/",
        {"body": "Notre compagnie serait partante."},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    conversation = Conversation.objects.get()
    assert response["Location"] == conversation.get_absolute_url()
    assert set(conversation.participants.values_list("member_id", flat=True)) == {
        member.pk,
        other.pk,
    }


def test_posting_a_search_lets_strangers_write_but_a_block_still_refuses(call, member):
    from communaute.permissions.contact import may_write_to
    from communaute.services.blocks import block_member

    stranger = MemberFactory(in_directory=False)
    member.in_directory = False
    member.save()
    assert not may_write_to(stranger, member)
    search = post_partner_search(call, member=member, data={"plan": "Un projet"})
    assert may_write_to(stranger, member)
    block_member(stranger, blocker=member)
    assert not may_write_to(stranger, member)
    close_partner_search(search, member=member)
    assert not may_write_to(MemberFactory(in_directory=False), member)


def test_the_author_cannot_answer_their_own_search_and_a_visitor_is_asked_to_sign_in(
    client, call, member
):
    search = post_partner_search(call, member=member, data={"plan": "Un projet"})
    client.force_login(member)
    url = f"/ressources/financements/partenaires/{search.pk}/repondre/"
    assert client.get(url).status_code == 403
    client.logout()
    assert "/comptes/login/" in client.get(url)["Location"]
    client.force_login(member)
    assert client.get("/ressources/financements/partenaires/987654/repondre/").status_code == 404


def test_only_a_representative_speaks_for_their_organization(call, funder):
    organization = make_organization("Théâtre l'Escaouette")
    representative = make_representative(organization)
    search = post_partner_search(
        call, member=representative, data={"plan": "Coproduction", "organization": organization}
    )
    assert search.organization == organization
    outsider = MemberFactory()
    with pytest.raises(PermissionDenied):
        post_partner_search(
            call, member=outsider, data={"plan": "Coproduction", "organization": organization}
        )


def test_searches_matching_a_member_are_suggested_on_the_list(client, call, member):
    author = MemberFactory()
    post_partner_search(call, member=author, data={"plan": "Cherche en Acadie"}, provinces=["NB"])
    post_partner_search(call, member=author, data={"plan": "Cherche au Yukon"}, provinces=["YT"])
    client.force_login(member)
    page = client.get("/ressources/financements/").content.decode()
    assert "Cherche en Acadie" in page and "Cherche au Yukon" not in page


# The calendar source ---------------------------------------------------------------------


def test_deadlines_are_all_day_entries_of_the_calendar(funder):
    day = date(2027, 2, 12)
    call = make_funding_call(funder, deadlines=[day], disciplines=["music"], provinces=["MB"])
    make_funding_call(funder, program="Hors fenêtre", deadlines=[date(2027, 5, 1)])
    viewer = Viewer.of(MemberFactory())
    entries = calendar_entries(viewer, date(2027, 2, 1), date(2027, 2, 28))
    assert [(entry.kind, entry.title, entry.all_day) for entry in entries] == [
        ("deadline", call.program, True)
    ]
    assert str(entries[0].kind_label) == "Date limite"
    assert entries[0].starts_at.date() == day
    filtered = CalendarFilters(province="ON")
    assert calendar_entries(viewer, date(2027, 2, 1), date(2027, 2, 28), filtered) == []
    assert (
        calendar_entries(
            viewer, date(2027, 2, 1), date(2027, 2, 28), CalendarFilters(attendance="online")
        )
        == []
    )


def test_the_calendar_source_takes_three_queries_at_any_size(funder, django_assert_num_queries):
    for number in range(12):
        make_funding_call(
            funder, program=f"P{number}", deadlines=[date(2027, 2, 1 + number)],
            disciplines=["music"],
        )  # fmt: skip
    viewer = Viewer.of(MemberFactory())
    with django_assert_num_queries(3):
        calendar_entries(
            viewer,
            date(2027, 2, 1),
            date(2027, 2, 28),
            CalendarFilters(kinds=frozenset({"deadline"})),
        )


def test_a_suggested_call_is_in_no_calendar(member):
    call = suggest_call(member=member, data=service_data(), deadline=date(2027, 2, 3))
    assert call.status == FundingCall.Status.SUGGESTED
    viewer = Viewer.of(member)
    assert calendar_entries(viewer, date(2027, 2, 1), date(2027, 2, 28)) == []
    assert timezone.now()


def test_the_portrait_counts_followers_by_applicant_and_partner_seekers(funder, member):
    from ressources.selectors.portrait import build

    artists = make_funding_call(funder, program="Pour artistes")
    organizations = make_funding_call(
        funder, program="Pour organismes", for_artists=False, for_organizations=True
    )
    follow_call(artists, member=member)
    follow_call(organizations, member=member)
    follow_call(artists, member=MemberFactory())
    post_partner_search(artists, member=member, data={"plan": "Un projet"})
    totals = build().totals
    assert (
        totals["call_followers"],
        totals["call_followers_artists"],
        totals["call_followers_organizations"],
        totals["call_followers_collectives"],
        totals["partner_seekers"],
    ) == (2, 2, 1, 0, 1)
