"""What the resources side adds to the personal data export."""

import io
import json
import zipfile

import pytest

from communaute.services.members import export_personal_data
from ressources.models import ServiceMatchNotice
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_organization, make_representative, make_service

pytestmark = pytest.mark.django_db


def exported(member):
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(member)))
    return json.loads(archive.read("donnees.json")), archive.read("resume.html").decode()


def test_the_export_lists_the_services_i_added_and_those_suggested_to_me():
    organization = make_organization()
    representative = make_representative(organization, display_name="Marc Richard")
    service = make_service(organization, representative, title="Prêt d'équipement scénique")
    artist = MemberFactory()
    ServiceMatchNotice.objects.create(service=service, member=artist)

    added, added_summary = exported(representative)
    suggested, suggested_summary = exported(artist)

    assert [row["service"] for row in added["services_crees"]] == ["Prêt d'équipement scénique"]
    assert added["representations"][0]["organization"] == "AAAPNB"
    assert "Services ajoutés au catalogue" in added_summary
    assert suggested["services_crees"] == []
    assert [row["service"] for row in suggested["services_suggeres"]] == [
        "Prêt d'équipement scénique"
    ]
    assert "Prêt d&#x27;équipement scénique" in suggested_summary


def test_the_export_holds_my_gatherings_calls_and_partner_searches_and_no_one_elses():
    from communaute.permissions import roles
    from ressources.services.funding import follow_call, post_partner_search, suggest_call
    from ressources.services.gatherings import calendar_feed_token, register
    from tests.ressources.factories import make_funding_call, make_gathering

    editor = MemberFactory(roles=[roles.EDITORIAL])
    gathering = make_gathering(editor, title="Atelier : budgets", capacity=1)
    member = MemberFactory(display_name="Sophie Gagnon")
    other = MemberFactory(language="en")
    register(gathering, member=member, share_contact=True)
    register(gathering, member=other)
    token = calendar_feed_token(member)
    call = make_funding_call(make_organization("Conseil des arts du Canada", kind="public"))
    follow_call(call, member=member)
    post_partner_search(
        call,
        member=member,
        data={"plan": "Une tournée en Acadie", "skills": "Régie"},
        disciplines=["music"],
        provinces=["NB"],
    )
    suggest_call(
        member=member,
        data={
            "funder_name": "Conseil des arts du Nouveau-Brunswick",
            "program": "Création — arts de la scène",
            "summary": "Des bourses pour créer.",
            "official_url": "https://example.org/creation",
        },
    )

    mine, summary = exported(member)
    theirs, their_summary = exported(other)
    organizers, _summary = exported(editor)

    (registration,) = mine["rencontres"]["registrations"]
    assert registration["gathering"] == "Atelier : budgets"
    assert registration["status"] == "registered" and registration["share_contact"] is True
    assert theirs["rencontres"]["registrations"][0]["status"] == "waiting"
    assert theirs["rencontres"]["registrations"][0]["share_contact"] is False
    # The feed's address is a password: only that it exists leaves the site.
    assert mine["rencontres"]["private_calendar_since"]
    assert theirs["rencontres"]["private_calendar_since"] is None
    assert token not in json.dumps(mine) and token not in summary
    assert mine["rencontres"]["created"] == []
    assert [row["gathering"] for row in organizers["rencontres"]["created"]] == [
        "Atelier : budgets"
    ]
    assert organizers["rencontres"]["registrations"] == []

    funding = mine["appels_de_financement"]
    assert [row["call"] for row in funding["followed"]] == ["Programme Explore et crée"]
    (search,) = funding["partner_searches"]
    assert search["plan"] == "Une tournée en Acadie"
    assert search["disciplines"] == ["music"] and search["provinces"] == ["NB"]
    assert [(row["call"], row["status"]) for row in funding["suggested"]] == [
        ("Création — arts de la scène", "suggested")
    ]
    assert theirs["appels_de_financement"] == {
        "followed": [],
        "suggested": [],
        "partner_searches": [],
    }
    assert "Une tournée en Acadie" not in json.dumps(theirs)
    # The summary says the codes in words, in the member's language.
    assert "Musique" in summary and "Proposé (à vérifier)" in summary
    assert "<td>On the waiting list</td>" in their_summary
    assert '<h2 id="appels_de_financement">Funding calls</h2>' in their_summary
