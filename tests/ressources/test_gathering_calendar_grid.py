"""The calendar's month grid (`vue=grille`): whole weeks from Monday, each entry on its local day,
the view kept with the filters across months, bad input, and the list's number of queries."""

import re
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from communaute.permissions import roles
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_funding_call, make_gathering, make_organization

pytestmark = pytest.mark.django_db

CALENDAR = "/ressources/rencontres/"
CELL = re.compile(r'<td class="([^"]*)"( aria-current="date")?>(.*?)</td>', re.S)
NUMBER = re.compile(r'calendar-grid__number" aria-hidden="true">(\d+)<')


@pytest.fixture
def editor(db):
    return MemberFactory(display_name="Rose Comeau", roles=[roles.EDITORIAL])


def grid(client, query):
    response = client.get(CALENDAR + query)
    assert response.status_code == 200
    return response.content.decode()


class Cell(NamedTuple):
    number: int
    in_month: bool
    today: bool
    # Hidden on a phone, where only the days with entries remain.
    empty: bool
    html: str


def cells(page):
    return [
        Cell(
            int(NUMBER.search(html).group(1)),
            "calendar-grid__day--outside" not in classes,
            bool(current),
            "calendar-grid__day--empty" in classes,
            html,
        )
        for classes, current, html in CELL.findall(page)
    ]


def numbers(page):
    return [(cell.number, cell.in_month) for cell in cells(page)]


def test_a_month_starting_on_a_sunday_begins_with_the_last_days_of_the_one_before(client):
    # 1 March 2026 is a Sunday: the first week is Monday 23 February to Sunday 1 March.
    page = grid(client, "?mois=2026-03&vue=grille")
    assert "<caption" in page and "Mars 2026</caption>" in page
    headers = re.findall(r'<th scope="col">(.*?)</th>', page)
    assert len(headers) == 7
    assert "lundi" in headers[0].lower() and "dimanche" in headers[6].lower()
    assert numbers(page) == (
        [(day, False) for day in range(23, 29)]
        + [(day, True) for day in range(1, 32)]
        + [(day, False) for day in range(1, 6)]
    )


def test_february_of_a_leap_year_has_its_29th_day(client):
    # 1 February 2028 is a Tuesday; the 29th a Tuesday too.
    page = grid(client, "?mois=2028-02&vue=grille")
    assert numbers(page) == (
        [(31, False)]
        + [(day, True) for day in range(1, 30)]
        + [(day, False) for day in range(1, 6)]
    )


def test_today_is_marked_and_only_today(client):
    today = timezone.localdate()
    (marked,) = [cell for cell in cells(grid(client, "?vue=grille")) if cell.today]
    assert (marked.number, marked.in_month) == (today.day, True)


def held_at(editor, title, zone, start, hours=1):
    """A gathering in its own zone: start is (year, month, day, hour, minute) there."""
    starts_at = datetime(*start, tzinfo=ZoneInfo(zone))
    return make_gathering(
        editor,
        title=title,
        time_zone=zone,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
    )


def test_entries_land_on_their_local_day_in_the_events_zone(client, editor):
    # 10 February at 22 h in Vancouver is already the 11th in Toronto and in UTC;
    # 00 h 30 on the 11th in St. John's is still the 10th there.
    held_at(editor, "Soirée à Vancouver", "America/Vancouver", (2031, 2, 10, 22, 0))
    held_at(editor, "Nuit à Saint-Jean", "America/St_Johns", (2031, 2, 11, 0, 30))
    make_funding_call(
        make_organization("Conseil des arts du Canada", kind="public"),
        program="Explore et crée",
        deadlines=[date(2031, 2, 12)],
    )
    page = grid(client, "?mois=2031-02&vue=grille")
    days = {cell.number: cell for cell in cells(page) if cell.in_month}
    assert "Soirée à Vancouver" in days[10].html and "Soirée à Vancouver" not in days[11].html
    assert "Nuit à Saint-Jean" in days[11].html and "Nuit à Saint-Jean" not in days[10].html
    # A deadline says what it is in words, not only by its edge.
    assert "Explore et crée" in days[12].html and "Date limite" in days[12].html
    assert "Rencontre" in days[10].html and "Date limite" not in days[10].html
    assert [number for number, cell in days.items() if not cell.empty] == [10, 11, 12]


def test_an_evening_on_the_last_day_of_a_month_stays_in_that_month(client, editor):
    # 31 January at 21 h 30 in Vancouver is 1 February in Toronto, the site's zone; 1 March at
    # 0 h 30 in St. John's is still 28 February in Toronto.
    held_at(editor, "Soirée de janvier", "America/Vancouver", (2031, 1, 31, 21, 30))
    held_at(editor, "Nuit de mars", "America/St_Johns", (2031, 3, 1, 0, 30))
    january = {cell.number: cell for cell in cells(grid(client, "?mois=2031-01&vue=grille"))}
    assert "Soirée de janvier" in january[31].html
    february = grid(client, "?mois=2031-02")
    assert "Soirée de janvier" not in february and "Nuit de mars" not in february
    assert "Nuit de mars" in grid(client, "?mois=2031-03")


def test_the_filters_and_the_view_survive_the_month_navigation(client, editor):
    make_gathering(
        editor,
        title="Atelier à Moncton",
        attendance="in_person",
        online_url="",
        address="140, rue Botsford",
        province="NB",
    )
    page = grid(client, "?mois=2031-02&province=NB&participation=in_person&vue=grille")
    assert "Atelier à Moncton" in page
    for month in ("2031-01", "2031-03"):
        assert (
            f'href="?mois={month}&amp;province=NB&amp;discipline=&amp;participation=in_person'
            f'&amp;organisation=&amp;vue=grille"' in page
        )
    assert '<input type="hidden" name="vue" value="grille">' in page
    # The other view keeps the month and the filters, without `vue`.
    assert (
        'href="?mois=2031-02&amp;province=NB&amp;discipline=&amp;participation=in_person'
        '&amp;organisation="' in page
    )
    following = grid(client, "?mois=2031-03&province=NB&participation=in_person&vue=grille")
    assert "<table" in following and "Rien au calendrier" in following
    listed = grid(client, "?mois=2031-02&province=NB&participation=in_person")
    assert "<table" not in listed and "Atelier à Moncton" in listed
    assert (
        'href="?mois=2031-03&amp;province=NB&amp;discipline=&amp;participation=in_person'
        '&amp;organisation=" rel="next"' in listed
    )


@pytest.mark.parametrize(
    "query",
    [
        "?vue=xyz",
        "?vue=grille&mois=9999-99",
        "?vue=grille&mois=2031-13",
        "?vue=grille&mois=-1--1",
        "?vue=%00",
        "?vue=grille&mois=%00",
        "?vue=grille%00&province=%00",
        "?vue=grille&vue=xyz&organisation=-1",
    ],
)
def test_bad_values_never_fail(client, query):
    # A NUL byte is refused by the site's middleware (400) before any view.
    response = client.get(CALENDAR + query)
    assert response.status_code in (200, 400)
    if query == "?vue=xyz":
        assert "<table" not in response.content.decode()


def test_the_grid_answers_in_the_lists_queries(client, editor, django_assert_max_num_queries):
    first = make_gathering(editor, disciplines=("theatre",))
    month = timezone.localtime(first.starts_at).strftime("%Y-%m")
    with django_assert_max_num_queries(16) as listed:
        client.get(f"{CALENDAR}?mois={month}")
    with django_assert_max_num_queries(len(listed.captured_queries)) as small:
        client.get(f"{CALENDAR}?mois={month}&vue=grille")
    for index in range(15):
        make_gathering(
            editor,
            title=f"Atelier {index}",
            disciplines=("theatre", "music"),
            starts_at=first.starts_at + timedelta(days=index % 7, hours=index),
            ends_at=first.ends_at + timedelta(days=index % 7, hours=index),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"{CALENDAR}?mois={month}&vue=grille")
    assert response.content.decode().count("Atelier ") >= 15
