"""The portrait: figures exactly right on known data, bounded queries, CSV without personal
data, accessible charts; and the satisfaction question after an accepted request."""

import csv
import io
import re
import time as time_module
from datetime import datetime, time, timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from communaute.models import Notification
from passerelles.core.links import absolute_url
from passerelles.core.models import Region
from passerelles.core.scheduler import run_due_jobs
from ressources import charts
from ressources.models import AccessRequest, Need, NeedSupport, ServiceFeedback
from ressources.selectors import portrait
from ressources.services.access import change_request_status, create_access_request
from ressources.services.funding import close_partner_search, post_partner_search
from ressources.services.needs import (
    ask_for_feedback,
    feedback_token,
    mark_need_met,
    record_feedback,
)
from tests.communaute.factories import MemberFactory
from tests.communaute.helpers import sign_in
from tests.ressources.factories import (
    join,
    make_funding_call,
    make_need,
    make_organization,
    make_representative,
    make_service,
)

pytestmark = pytest.mark.django_db


def accept_request(service, representative, member, *, days_ago=0):
    access_request = create_access_request(
        service, member=member, data={"on_behalf": "self", "message": "Bonjour."}
    )
    change_request_status(access_request, actor=representative, new_status="accepted")
    AccessRequest.objects.filter(pk=access_request.pk).update(
        updated_at=timezone.now() - timedelta(days=days_ago)
    )
    access_request.refresh_from_db()
    return access_request


def answer(access_request, value, *, days_ago=40):
    # The portrait counts answers up to the end of the previous month: forty days back is
    # always before the current month began.
    feedback = ask_for_feedback(access_request)
    record_feedback(feedback, answer=value)
    ServiceFeedback.objects.filter(pk=feedback.pk).update(
        answered_at=timezone.now() - timedelta(days=days_ago)
    )


@pytest.fixture
def sector():
    organization = make_organization("Chantier de l'économie sociale")
    representative = make_representative(organization, display_name="Rep Chantier")
    spaces = make_service(
        organization, representative, title="Locaux", category="spaces", regions=["NB"]
    )
    legal = make_service(
        organization, representative, title="Juridique", category="legal", regions=["remote"]
    )
    m1, m2, m3, m4 = (MemberFactory(display_name=f"Personne {n}") for n in range(1, 5))
    a = make_need(
        m1, title="Local à Moncton", category="spaces", province="NB", disciplines=["theatre"]
    )
    join(
        a,
        m2,
        province="ON",
        discipline="music",
        on_behalf="organization",
        organization_name="Coop X",
    )
    join(
        a,
        m3,
        province="NB",
        discipline="dance",
        on_behalf="organization",
        organization_name="coop x",
    )
    make_need(m2, title="Local à Sudbury", category="spaces", province="ON")
    yukon = make_need(
        m4, title="Avocat au Yukon", category="legal", province="YT", disciplines=["music"]
    )
    # The same person in three open needs: counted once wherever people are counted.
    join(yukon, m2, province="ON", discipline="music")
    d = make_need(m1, title="Fonds pour une tournée", category="funding", province="QC")
    mark_need_met(d, actor=representative, service=spaces)
    for value in ("oui", "oui", "non"):
        answer(accept_request(spaces, representative, MemberFactory()), value)
    answer(accept_request(legal, representative, MemberFactory()), "oui")
    return {"representative": representative, "spaces": spaces, "members": (m1, m2, m3, m4)}


def by_code(rows):
    return {row["code"]: row for row in rows}


class TestFigures:
    def test_totals(self, sector):
        totals = portrait.build().totals

        assert totals == {
            "call_followers": 0,
            "call_followers_artists": 0,
            "call_followers_organizations": 0,
            "call_followers_collectives": 0,
            "partner_seekers": 0,
            "needs": 4,
            "open": 3,
            "met": 1,
            "supports": 7,
            "members": 4,
            "organizations": 1,
        }

    def test_categories_put_unmet_needs_first(self, sector):
        categories = portrait.build().categories

        assert [row["code"] for row in categories[:3]] == ["spaces", "legal", "funding"]
        assert categories[0] | {} == {
            "code": "spaces",
            "label": "Espaces et locaux",
            "open": 2,
            "met": 0,
            "waiting": 3,  # Personne 1, 2 and 3; Personne 2 shares both needs
        }
        assert (categories[1]["open"], categories[1]["waiting"]) == (1, 2)
        assert (categories[2]["open"], categories[2]["met"]) == (0, 1)
        assert sum(row["open"] + row["met"] for row in categories) == 4

    def test_provinces_show_where_needs_go_unserved(self, sector):
        built = portrait.build()
        provinces = by_code(built.provinces)

        assert len(provinces) == 13
        assert provinces["NB"] | {} == {
            "code": "NB",
            "label": "Nouveau-Brunswick",
            "open": 1,
            "unserved": 0,
            "waiting": 2,
            "services": 1,
        }
        # A space in Sudbury: the spaces service is offered in New Brunswick only.
        assert (provinces["ON"]["open"], provinces["ON"]["unserved"]) == (1, 1)
        assert provinces["ON"]["waiting"] == 1  # one person, though in three needs
        # The legal service is offered at a distance: the Yukon need is served.
        assert (provinces["YT"]["open"], provinces["YT"]["unserved"]) == (1, 0)
        assert provinces["QC"]["open"] == 0  # its need is met
        assert built.remote_services == 1
        tiles = {tile["code"]: tile["state"] for tile in charts.tile_map(built.provinces).tiles}
        assert (tiles["ON"], tiles["NB"], tiles["QC"]) == ("unserved", "served", "none")

    def test_provinces_put_needs_without_a_service_first_and_keep_the_map_geographic(self, sector):
        built = portrait.build()

        assert [row["code"] for row in built.provinces[:3]] == ["ON", "NB", "YT"]
        map_tiles = charts.tile_map(built.provinces).tiles
        assert [tile["code"] for tile in map_tiles[:4]] == ["YT", "NT", "NU", "BC"]
        tiles = {tile["code"]: (tile["x"], tile["y"]) for tile in map_tiles}
        assert tiles["YT"] == (0, 0)
        assert tiles["NS"][1] > tiles["NB"][1] > tiles["QC"][1]

    def test_disciplines_count_each_waiting_person_once(self, sector):
        disciplines = portrait.build().disciplines
        rows = by_code(disciplines)

        assert (rows["theatre"]["open"], rows["theatre"]["waiting"]) == (1, 1)
        # Personne 4 and Personne 2, who gave music for two needs.
        assert (rows["music"]["open"], rows["music"]["waiting"]) == (1, 2)
        assert (rows["dance"]["open"], rows["dance"]["waiting"]) == (0, 1)
        assert [row["code"] for row in disciplines[:3]] == ["music", "theatre", "dance"]

    def test_months_count_declarations_and_people_joining(self, sector):
        months = portrait.build().months

        assert len(months) == 12
        assert months[-1]["month"] == timezone.localdate().replace(day=1)
        # Personne 2 joined two needs this month, Personne 3 one.
        assert (months[-1]["declared"], months[-1]["joined"]) == (4, 2)
        assert sum(row["declared"] for row in months[:-1]) == 0

    def test_months_follow_local_dates_across_a_month_boundary_and_earlier_months(self):
        starts = portrait._month_starts(timezone.localdate())
        this_month, last_month, three_months_ago = starts[-1], starts[-2], starts[-4]

        def at(day, hour, minute=0):
            return timezone.make_aware(datetime.combine(day, time(hour, minute)))

        author, joiner, other = MemberFactory(), MemberFactory(), MemberFactory()
        # 23 h 30 on the last day of last month in Toronto: already this month in UTC.
        late = make_need(author, title="Tard le dernier soir")
        early = make_need(author, title="Tôt le premier matin")
        older = make_need(author, title="Il y a trois mois")
        too_old = make_need(author, title="Il y a plus d'un an")
        dated = {
            late: at(this_month, 0, 0) - timedelta(minutes=30),
            early: at(this_month, 0, 30),
            older: at(three_months_ago.replace(day=15), 12),
            too_old: at(starts[0], 12) - timedelta(days=1),
        }
        for need, created_at in dated.items():
            Need.objects.filter(pk=need.pk).update(created_at=created_at)
            NeedSupport.objects.filter(need=need).update(created_at=created_at)
        # One person joining two needs in a month counts once in that month.
        for need in (late, older):
            NeedSupport.objects.filter(pk=join(need, joiner).pk).update(
                created_at=dated[older] + timedelta(days=1)
            )
        NeedSupport.objects.filter(pk=join(early, other).pk).update(
            created_at=at(this_month - timedelta(days=1), 23, 59)
        )

        months = {row["month"]: row for row in portrait.build().months}

        assert (months[this_month]["declared"], months[this_month]["joined"]) == (1, 0)
        assert (months[last_month]["declared"], months[last_month]["joined"]) == (1, 1)
        assert (months[three_months_ago]["declared"], months[three_months_ago]["joined"]) == (
            1,
            1,
        )
        assert sum(row["declared"] for row in months.values()) == 3
        assert sum(row["joined"] for row in months.values()) == 2

    def test_satisfaction_is_shown_only_for_groups_of_three_answers_or_more(self, sector):
        groups = by_code(portrait.build().satisfaction)

        assert groups["spaces"] | {} == {
            "code": "spaces",
            "label": "Espaces et locaux",
            "total": 3,
            "shown": True,
            "yes": 2,
            "partly": 0,
            "no": 1,
        }
        assert groups["legal"]["shown"] is False
        assert groups["legal"]["yes"] is None

    def test_answers_of_the_current_month_wait_for_the_next_one(self, sector, monkeypatch):
        # A fourth answer today: live figures would move from 2 "oui" to 3 the day it came,
        # and whoever knew who answered today would know what they said.
        accepted = accept_request(sector["spaces"], sector["representative"], MemberFactory())
        answer(accepted, "oui", days_ago=0)
        groups = by_code(portrait.build().satisfaction)
        assert (groups["spaces"]["total"], groups["spaces"]["yes"]) == (3, 2)
        # On the first day of the next month, it counts.
        next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
        monkeypatch.setattr(timezone, "localdate", lambda *args: next_month)
        built = portrait.build()
        assert (by_code(built.satisfaction)["spaces"]["yes"], built.satisfaction_until) == (
            3,
            next_month - timedelta(days=1),
        )


def test_the_portrait_runs_a_bounded_number_of_queries(
    client, sector, django_assert_max_num_queries
):
    # The first page of the site creates its footer links once.
    client.get("/ressources/")
    with django_assert_max_num_queries(17):
        client.get("/ressources/portrait/")
    # Then every reader gets the figures already rendered: the site and its footer, no more.
    with django_assert_max_num_queries(2):
        client.get("/ressources/portrait/")
    for number in range(40):
        need = make_need(MemberFactory(), title=f"Besoin {number}", disciplines=["music", "dance"])
        join(need, MemberFactory(), province="AB", discipline="crafts")
    with django_assert_max_num_queries(17):
        response = client.get("/ressources/portrait/")
    assert response.status_code == 200
    with django_assert_max_num_queries(2):
        client.get("/ressources/portrait/")


def key_figure(client, label, path="/ressources/portrait/"):
    html = client.get(path).content.decode()
    return int(re.search(rf"<dt>{label}</dt><dd>(\d+)</dd>", html)[1])


def province_row(client, name):
    html = client.get("/ressources/portrait/").content.decode()
    cells = re.search(rf'<th scope="row">{name}</th>((?:<td class="number">\d+</td>)+)', html)[1]
    return [int(value) for value in re.findall(r"\d+", cells)]


class TestRenderedOnce:
    """The portrait is rendered once for every reader, and rendered again after any write to
    what it counts: its figures never lag behind the needs."""

    def test_members_and_visitors_share_one_rendering(self, client, sector):
        client.get("/ressources/portrait/")
        member = Client()
        member.force_login(sector["members"][0])
        with CaptureQueriesContext(connection) as queries:
            html = member.get("/ressources/portrait/").content.decode()

        assert not [query for query in queries if "ressources_need" in query["sql"]]
        assert html.count('<svg class="chart__svg" role="img"') == 5
        for person in sector["members"]:
            assert person.display_name not in html

    def test_a_new_need_shows_at_once(self, client, sector):
        assert key_figure(client, "besoins déclarés") == 4
        make_need(MemberFactory(), title="Un studio", category="spaces", province="MB")
        assert key_figure(client, "besoins déclarés") == 5

    def test_a_need_met_and_a_new_supporter_show_at_once(self, client, sector):
        assert key_figure(client, "non comblés") == 3
        yukon = Need.objects.get(title="Avocat au Yukon")
        join(yukon, MemberFactory(), province="YT", discipline="music")
        assert key_figure(client, "membres qui partagent au moins un besoin") == 5
        mark_need_met(yukon, actor=sector["representative"], service=sector["spaces"])
        assert key_figure(client, "non comblés") == 2

    def test_a_service_offered_in_one_more_province_shows_at_once(self, client, sector):
        assert province_row(client, "Ontario")[3] == 0
        sector["spaces"].regions.add(Region.objects.get(code="ON"))
        assert province_row(client, "Ontario")[3] == 1

    def test_a_partner_search_closed_by_its_author_leaves_at_once(self, client, sector):
        # Closed by a bulk update, which sends no signal: the service says so itself.
        funder = make_organization("Conseil des arts", kind="public")
        author = MemberFactory()
        search = post_partner_search(
            make_funding_call(funder), member=author, data={"plan": "Un projet"}
        )
        assert key_figure(client, "membres qui cherchent des partenaires") == 1
        close_partner_search(search, member=author)
        assert key_figure(client, "membres qui cherchent des partenaires") == 0

    def test_each_language_has_its_own_rendering(self, client, sector):
        french = client.get("/ressources/portrait/").content.decode()
        english = client.get("/en/ressources/portrait/").content.decode()

        assert "Besoins par catégorie de service" in french
        assert "Needs by service category" in english
        assert "Besoins par catégorie de service" not in english

    def test_a_rendering_overtaken_by_a_write_is_not_kept(self, client, sector, monkeypatch):
        # A write commits while a page counts, which may have missed it: the page stored its
        # figures under the version it read before counting, and the commit changed it.
        builds = []
        build = portrait.build

        def overtaken_build():
            builds.append(build())
            if len(builds) == 1:
                portrait.forget()
            return builds[-1]

        monkeypatch.setattr(portrait, "build", overtaken_build)
        for _reader in range(3):
            client.get("/ressources/portrait/")
        assert len(builds) == 2


def test_visitors_see_the_portrait_with_titled_charts_and_data_tables(client, sector):
    html = client.get("/ressources/portrait/").content.decode()

    assert html.count('<svg class="chart__svg" role="img"') == 5  # 4 charts and the map
    assert '<title id="chart-categories-title">Besoins par catégorie de service</title>' in html
    assert html.count('<table class="data-table">') == 6
    assert 'fill="url(#categories-hatch)"' in html  # met needs are hatched, not only coloured
    # Coordinates stay in SVG's decimal point, whatever the page's language.
    assert not re.search(r'(x|y|width)="\d+,\d', html)
    for person in sector["members"]:
        assert person.display_name not in html


def test_the_printable_version_is_the_portrait_alone_with_a_dated_header(client, sector):
    screen = client.get("/ressources/portrait/").content.decode()
    html = client.get("/ressources/portrait/", {"version": "impression"}).content.decode()

    for site_part in ('class="site-header"', "<nav", 'class="site-footer"', "skip-link"):
        assert site_part in screen
        assert site_part not in html
    assert "Télécharger les chiffres (CSV)" not in html
    today = date_format(timezone.localdate(), "j F Y")
    header = re.search(r'<header class="print-header">(.*?)</header>', html, re.S)[1]
    assert f"Portrait des besoins du milieu, extrait le {today}" in header
    # The printed address is the site's own (SITE_URL), whatever host served the page.
    assert absolute_url("/ressources/portrait/") in header
    assert "Revenir à la version écran" in header
    assert html.index('class="print-header"') < html.index('<main id="contenu"')
    assert html.count('<svg class="chart__svg" role="img"') == 5
    assert html.count('<table class="data-table">') == 6
    assert "<h1>Portrait des besoins du milieu</h1>" in html
    for person in sector["members"]:
        assert person.display_name not in html
    # The site's own page head: its language, stylesheets, and a title that says which version.
    assert '<html lang="fr-CA">' in html
    assert "<title>Portrait des besoins du milieu · version imprimable · " in html
    assert '<meta name="robots" content="noindex">' in html
    for stylesheet in ('css/site.css">', 'css/besoins.css">', 'css/print.css" media="print">'):
        assert stylesheet in html
    english = client.get("/en/ressources/portrait/", {"version": "impression"}).content.decode()
    assert '<html lang="en-CA">' in english
    assert 'class="print-header"' in english
    assert 'class="site-header"' not in english


def csv_of(client):
    response = client.get("/ressources/portrait/portrait-des-besoins.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows.index(["section", "code", "libellé", "indicateur", "valeur"])
    return response, rows[:header], rows[header + 1 :]


def test_the_csv_opens_with_its_date_and_definitions_then_french_figures(client, sector):
    response, preamble, rows = csv_of(client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert preamble[0] == ["Portrait des besoins du milieu — Passerelles Culture"]
    assert preamble[1] == ["Date d'extraction", timezone.localdate().isoformat()]
    definitions = dict(row for row in preamble if len(row) == 2)
    assert definitions["Personnes qui attendent"].startswith("Personnes distinctes")
    assert "à partir de 3 réponses" in definitions["Réponses"]
    assert preamble[-1] == []
    assert ["ensemble", "", "Tout le portail", "Besoins non comblés", "3"] in rows
    assert ["catégorie", "spaces", "Espaces et locaux", "Besoins non comblés", "2"] in rows
    assert ["catégorie", "spaces", "Espaces et locaux", "Personnes qui attendent", "3"] in rows
    assert ["province", "ON", "Ontario", "Besoins sans service offert", "1"] in rows
    assert ["discipline", "music", "Musique", "Personnes qui attendent", "2"] in rows
    assert ["satisfaction", "spaces", "Espaces et locaux", "Réponses « non »", "1"] in rows
    assert ["satisfaction", "legal", "Juridique", "Réponses", "moins de 3"] in rows
    # Indicators are words a partner can quote, not the code's names.
    english_codes = {"open", "met", "waiting", "unserved", "services", "declared", "joined"}
    assert not english_codes & {row[3] for row in rows}


def test_the_csv_and_the_page_say_waiting_people_are_placed_where_they_said(client, sector):
    # "Besoins non comblés" follows the need's province and disciplines; "Personnes qui
    # attendent" follows each person's own, for both: a reader comparing them must be told.
    own = (
        "La province et la discipline d'une personne sont celles qu'elle a indiquées en "
        "déclarant le besoin ou en s'y joignant, et non celles du besoin."
    )
    _response, preamble, _rows = csv_of(client)
    page = client.get("/ressources/portrait/").content.decode()

    assert own in dict(row for row in preamble if len(row) == 2)["Personnes qui attendent"]
    assert own in page


def test_the_csv_follows_the_satisfaction_threshold(client, sector, monkeypatch):
    monkeypatch.setattr(portrait, "SATISFACTION_MIN_ANSWERS", 4)

    _response, preamble, rows = csv_of(client)

    assert ["satisfaction", "spaces", "Espaces et locaux", "Réponses", "moins de 4"] in rows
    assert "à partir de 4 réponses" in dict(row for row in preamble if len(row) == 2)["Réponses"]


def test_the_csv_holds_no_personal_data(client, sector):
    text = client.get("/ressources/portrait/portrait-des-besoins.csv").content.decode("utf-8-sig")

    for person in sector["members"]:
        assert person.display_name not in text
        assert person.email not in text
    assert "Local à Moncton" not in text
    assert "Coop X" not in text


def test_the_portrait_has_an_empty_state(client):
    html = client.get("/ressources/portrait/").content.decode()

    assert (
        "Aucun besoin n&#x27;est encore déclaré" in html
        or "Aucun besoin n'est encore déclaré" in html
    )


# The satisfaction question -------------------------------------------------------------------


@pytest.fixture
def accepted(organization, representative, service, member):
    return accept_request(service, representative, member, days_ago=31)


def test_the_command_asks_once_after_thirty_days_with_one_click_links(
    accepted, service, representative, django_capture_on_commit_callbacks
):
    recent = accept_request(service, representative, MemberFactory(), days_ago=10)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("ask_service_feedback", stdout=io.StringIO())
        call_command("ask_service_feedback", stdout=io.StringIO())

    assert ServiceFeedback.objects.get().access_request == accepted
    assert not ServiceFeedback.objects.filter(access_request=recent).exists()
    assert Notification.objects.filter(kind="service_feedback_request").count() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "a été acceptée" in body
    links = re.findall(r"http://\S+/ressources/avis/\S+/(oui|en-partie|non)/", body)
    assert links == ["oui", "en-partie", "non"]


def test_the_scheduler_asks_every_morning_at_ten(
    accepted, service, representative, django_capture_on_commit_callbacks
):
    today = timezone.localtime()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_due_jobs(now=today.replace(hour=9, minute=0))
        assert not ServiceFeedback.objects.exists()  # not its time yet
        run_due_jobs(now=today.replace(hour=10, minute=0))

    assert ServiceFeedback.objects.get().access_request == accepted
    assert len([email for email in mail.outbox if "/ressources/avis/" in email.body]) == 1


def email_link(answer_key):
    link = Notification.objects.get(kind="service_feedback_request").context[answer_key]
    return link.removeprefix("http://127.0.0.1:8000")


def test_opening_an_emailed_answer_records_nothing_and_preselects_it(client, accepted):
    feedback = ask_for_feedback(accepted)

    # Mail scanners open every link of a message: twice, and with the wrong method too.
    response = client.get(email_link("answer_partly"))
    client.head(email_link("answer_no"))

    feedback.refresh_from_db()
    assert (feedback.answer, feedback.answered_at) == ("", None)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input [^>]*value="en-partie"[^>]*checked', html)
    assert not re.search(r'<input [^>]*value="oui"[^>]*checked', html)
    assert html.count('<button type="submit"') == 1
    assert "Confirmer ma réponse" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_one_button_records_the_answer_without_signing_in(accepted):
    feedback = ask_for_feedback(accepted)
    client = Client(enforce_csrf_checks=True)
    page = client.get(email_link("answer_partly"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]

    response = client.post(
        email_link("answer_partly"),
        {"answer": "en-partie", "csrfmiddlewaretoken": token},
        follow=True,
    )

    feedback.refresh_from_db()
    assert feedback.answer == "en-partie"
    assert "Votre réponse : <strong>En partie</strong>" in response.content.decode()


def test_an_answer_posted_without_the_forms_csrf_token_is_refused(accepted):
    feedback = ask_for_feedback(accepted)

    response = Client(enforce_csrf_checks=True).post(email_link("answer_yes"), {"answer": "oui"})

    assert response.status_code == 403
    feedback.refresh_from_db()
    assert feedback.answer == ""


def test_a_second_answer_replaces_the_first(client, accepted):
    feedback = ask_for_feedback(accepted)
    url = Notification.objects.get(kind="service_feedback_request").url

    client.post(email_link("answer_yes"), {"answer": "oui"})
    client.post(url, {"answer": "non"})

    feedback.refresh_from_db()
    assert feedback.answer == "non"
    assert ServiceFeedback.objects.count() == 1


def test_a_link_older_than_ninety_days_is_refused_with_an_explanation(
    client, accepted, monkeypatch
):
    feedback = ask_for_feedback(accepted)
    signed_long_ago = int(time_module.time()) - 91 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(
            signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(signed_long_ago)
        )
        token = feedback_token(feedback)

    shown = client.get(f"/ressources/avis/{token}/oui/")
    posted = client.post(f"/ressources/avis/{token}/oui/", {"answer": "oui"})

    assert shown.status_code == posted.status_code == 410
    html = shown.content.decode()
    assert "Ce lien a expiré" in html
    assert "90 jours après l&#x27;envoi du courriel" in html or "90 jours après l'envoi" in html
    feedback.refresh_from_db()
    assert feedback.answer == ""


def test_the_answer_can_be_changed_from_the_page(client, accepted):
    feedback = ask_for_feedback(accepted)
    url = Notification.objects.get(kind="service_feedback_request").url

    client.post(url, {"answer": "non"})

    feedback.refresh_from_db()
    assert feedback.answer == "non"


def test_a_forged_tampered_or_unknown_link_is_not_found(client, accepted):
    feedback = ask_for_feedback(accepted)
    url = Notification.objects.get(kind="service_feedback_request").url
    forged = signing.dumps(feedback.pk, salt="another.salt")

    assert client.get(f"/ressources/avis/{forged}/oui/").status_code == 404
    assert client.post(f"/ressources/avis/{forged}/", {"answer": "oui"}).status_code == 404
    assert client.get(url[:-3] + "xx/").status_code == 404
    feedback.refresh_from_db()
    assert feedback.answer == ""
    assert client.get(url + "peut-etre/").status_code == 404
    assert client.get("/ressources/avis/1/oui/").status_code == 404


def test_the_organization_never_sees_the_members_answer(client, accepted, representative):
    answer(accepted, "non")
    sign_in(client, representative)

    html = client.get(accepted.get_absolute_url()).content.decode()

    assert accepted.message in html
    assert "répondu à votre besoin" not in html
    assert "Votre réponse" not in html


@pytest.mark.parametrize("version", ["", "impression"])
def test_every_id_on_the_portrait_appears_once(client, sector, version):
    html = client.get("/ressources/portrait/", {"version": version} if version else {}).content
    ids = re.findall(r'\sid="([^"]+)"', html.decode())
    assert "categories-hatch" in ids
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    # The legend's swatches fill with the chart's own patterns, which exist on the page.
    for reference in set(re.findall(r"url\(#([^)]+)\)", html.decode())):
        assert reference in ids
