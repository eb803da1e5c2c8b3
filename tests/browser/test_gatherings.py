"""A member joins a full gathering's waiting list, gets the seat when someone leaves (the email
says so), and adds the gathering to a calendar: in French on a phone, in English on a desktop.
The calendar's month grid becomes, on a phone, the list of the days that have entries."""

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from ressources.models import GatheringRegistration
from ressources.services.gatherings import cancel_registration, register
from tests.browser.conftest import assert_accessible, link_in, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.ressources.factories import make_gathering

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = {
    "fr": {
        "prefix": "",
        "size": {"width": 390, "height": 844},
        "join": "M'inscrire sur la liste d'attente",
        "waiting": "Vous êtes sur la liste d'attente (position 1).",
        "registered": "Vous êtes inscrite ou inscrit.",
        "subject": "Une place pour vous",
        "add": "Ajouter à mon agenda (.ics)",
        "when": "de 13\u00a0h à 15\u00a0h (heure du Centre)",
        "local": "13\u00a0h (heure du Centre) — 15\u00a0h chez vous",
    },
    "en": {
        "prefix": "/en",
        "size": {"width": 1280, "height": 900},
        "join": "Join the waiting list",
        "waiting": "You are on the waiting list (position 1).",
        "registered": "You are registered.",
        "subject": "A seat for you",
        "add": "Add to my calendar (.ics)",
        "when": "from 1 p.m. to 3 p.m. (Central time)",
        "local": "1 p.m. (Central time) — 3 p.m. your time",
    },
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_member_waits_gets_the_freed_seat_and_adds_it_to_a_calendar(
    page, site, mailoutbox, language, tmp_path
):
    words = WORDS[language]
    page.set_viewport_size(words["size"])
    editor = MemberFactory(roles=["Rédaction"], display_name="Rose Comeau")
    gathering = make_gathering(editor, capacity=1, title="Atelier : financer le numérique")
    first = MemberFactory(display_name="Ana Thériault")
    register(gathering, member=first)
    member = MemberFactory(display_name="Josée Gallant", province="NB", language=language)

    sign_in(page, site, member.email, PASSWORD)
    page.goto(site(f"{words['prefix']}/ressources/rencontres/?mois=2031-02"))
    assert_accessible(page)
    page.get_by_role("link", name=gathering.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(gathering.title)
    expect(page.get_by_text(words["when"])).to_be_visible()
    expect(page.get_by_text(words["local"])).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=words["join"]).click()
    expect(page.get_by_text(words["waiting"])).to_be_visible()
    expect(page.get_by_text("https://rencontre.example/atelier")).to_have_count(0)
    assert_accessible(page)

    cancel_registration(gathering, member=first)
    (email,) = [mail for mail in mailoutbox if member.email in mail.to]
    assert words["subject"] in email.subject
    page.goto(link_in(email))
    expect(page.get_by_text(words["registered"], exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="https://rencontre.example/atelier")).to_be_visible()
    assert_accessible(page)
    registration = GatheringRegistration.objects.get(gathering=gathering, member=member)
    assert registration.status == "registered"

    with page.expect_download() as download:
        page.get_by_role("link", name=words["add"]).click()
    path = tmp_path / "rencontre.ics"
    download.value.save_as(path)
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == gathering.title
    assert event["DTSTART"].params["TZID"] == "America/Winnipeg"
    assert "https://rencontre.example/atelier" in str(event["DESCRIPTION"])


def test_the_month_grid_becomes_the_list_of_its_busy_days_on_a_phone(page, site):
    editor = MemberFactory(roles=["Rédaction"], display_name="Rose Comeau")
    gathering = make_gathering(editor, title="Atelier : financer le numérique")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site("/ressources/rencontres/?mois=2031-02"))
    page.get_by_role("link", name="Grille du mois").click()
    expect(page.get_by_role("link", name="Grille du mois")).to_have_attribute(
        "aria-current", "page"
    )
    # Only the day that has an entry is left, under its whole date, without the weekdays' row.
    expect(page.locator(".calendar-grid td:visible")).to_have_count(1)
    expect(page.get_by_text("Le mercredi 12 février 2031")).to_be_visible()
    expect(page.locator(".calendar-grid thead")).to_be_hidden()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert_accessible(page)
    page.get_by_role("link", name="Mois suivant").click()
    expect(page.get_by_role("link", name="Grille du mois")).to_have_attribute(
        "aria-current", "page"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Mois précédent").click()
    expect(page.locator(".calendar-grid td:visible")).to_have_count(35)
    expect(page.get_by_role("columnheader", name="Lundi")).to_be_visible()
    page.get_by_role("link", name=gathering.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(gathering.title)
