"""The first minutes of a member: where signup, confirmation and sign-in land, the welcome page
and its next steps, and the profile-completion hint."""

import pytest
from django.core import mail

from communaute.models import Space
from communaute.selectors.members import is_profile_complete, missing_profile_details
from communaute.services.forum import join_space
from passerelles.core.models import Discipline
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.communaute.helpers import sign_in
from tests.communaute.test_accounts import SIGNUP, confirmation_link

pytestmark = pytest.mark.django_db

WELCOME = "/comptes/bienvenue/"


def test_confirming_the_email_after_signing_up_lands_on_the_welcome_page(client):
    client.post("/comptes/signup/", SIGNUP)
    response = client.post(confirmation_link(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"] == WELCOME
    page = client.get(WELCOME)
    assert page.status_code == 200
    assert "Bienvenue, Léa Roy" in page.content.decode()


def test_confirming_from_another_browser_asks_to_sign_in_then_welcomes(client):
    client.post("/comptes/signup/", SIGNUP)
    link = confirmation_link(mail.outbox[0])
    client.cookies.clear()
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/?next=%2Fcomptes%2Fbienvenue%2F"
    response = client.post(
        response["Location"], {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response["Location"] == WELCOME


def test_signing_in_lands_on_the_home_page_or_where_the_member_was_going(client, member):
    assert sign_in(client, member)["Location"] == "/"
    client.logout()
    response = client.post(
        "/comptes/login/?next=/ressources/demandes/",
        {"login": member.email, "password": PASSWORD},
    )
    assert response["Location"] == "/ressources/demandes/"


def test_the_welcome_page_is_for_signed_in_members(client):
    response = client.get(WELCOME)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/?next=")


def test_the_welcome_page_offers_the_next_steps_as_links(client, member):
    client.force_login(member)
    html = client.get(WELCOME).content.decode()
    assert "<h1>Bienvenue, Sophie Gagnon</h1>" in html
    for url, label in [
        ("/comptes/profil/", "Compléter mon profil"),
        ("/communaute/", "Rejoindre des espaces"),
        ("/ressources/", "Trouver un service"),
        ("/ressources/besoins/nouveau/", "Déclarer un besoin"),
    ]:
        assert f'<a href="{url}">{label}</a>' in html
    assert "Fait" not in html


def test_the_welcome_page_marks_the_profile_and_spaces_steps_done(client, member):
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    join_space(space, member=member)
    member.province = "NB"
    member.bio = "Autrice-compositrice de Moncton."
    member.save()
    client.force_login(member)
    html = client.get(WELCOME).content.decode()
    assert html.count("Fait</span>") == 2
    assert 'Compléter mon profil</a> <span class="status status--accepted">Fait' in html
    assert 'Rejoindre des espaces</a> <span class="status status--accepted">Fait' in html


def test_the_welcome_page_speaks_english(client, member):
    client.force_login(member)
    html = client.get("/en" + WELCOME).content.decode()
    assert "Welcome, Sophie Gagnon" in html
    assert "Complete my profile" in html


def test_a_new_profile_is_incomplete_until_province_and_discipline_or_bio_are_given(member):
    assert [str(item) for item in missing_profile_details(member)] == [
        "votre province ou territoire",
        "vos disciplines ou quelques mots de présentation",
    ]
    member.province = "NB"
    assert not is_profile_complete(member)
    member.disciplines.add(Discipline.objects.first())
    assert is_profile_complete(member)
    member.disciplines.clear()
    member.bio = "Quelques mots."
    assert is_profile_complete(member)


def test_the_completion_hint_shows_on_the_community_home_until_the_profile_is_complete(
    client, member
):
    client.force_login(member)
    html = client.get("/communaute/").content.decode()
    assert "Votre profil est presque prêt" in html
    assert "votre province ou territoire" in html
    assert '<a href="/comptes/profil/">Compléter mon profil</a>' in html
    member.province = "QC"
    member.bio = "Metteuse en scène."
    member.save()
    assert "Votre profil est presque prêt" not in client.get("/communaute/").content.decode()


def test_visitors_see_no_completion_hint(client):
    assert "Votre profil est presque prêt" not in client.get("/communaute/").content.decode()


def test_the_welcome_page_reads_a_bounded_number_of_queries(
    client, member, django_assert_max_num_queries
):
    client.force_login(member)
    with django_assert_max_num_queries(17):
        client.get(WELCOME)
    for number in range(10):
        space = Space.objects.create(name=f"Espace {number}", slug=f"espace-{number}")
        join_space(space, member=member)
    with django_assert_max_num_queries(17):
        client.get(WELCOME)


def test_another_member_sees_their_own_steps(client, member):
    other = MemberFactory(display_name="Nadia", province="ON", bio="Danseuse.")
    client.force_login(other)
    html = client.get(WELCOME).content.decode()
    assert "Bienvenue, Nadia" in html
    assert 'Compléter mon profil</a> <span class="status status--accepted">Fait' in html


def test_a_suspended_member_is_not_offered_a_step_whose_page_would_refuse_them(client, member):
    from communaute.services import moderation

    superuser = MemberFactory(is_staff=True, is_superuser=True)
    moderation.suspend_member(member, actor=superuser, days=2, reason="Pause.")
    client.force_login(member)
    html = client.get(WELCOME).content.decode()
    assert "Déclarer un besoin" not in html
    assert client.get("/ressources/besoins/nouveau/").status_code == 403
    assert "Trouver un service" in html
