"""The member directory and the recent posts on a profile."""

import pytest

from communaute.avatars import avatar_url
from communaute.models import Space, SpaceMembership
from communaute.services.forum import create_topic, delete_post, reply
from communaute.services.members import update_profile
from passerelles.core.models import Discipline
from tests.communaute.factories import MemberFactory
from tests.communaute.helpers import sign_in
from tests.communaute.test_forum import make_space
from tests.communaute.test_profile import profile_data
from tests.ressources.factories import make_organization, make_representative

pytestmark = pytest.mark.django_db

DIRECTORY = "/communaute/membres/"


def listed(name, *, province="", disciplines=(), skills=(), organization_name="", listed=True):
    member = MemberFactory(display_name=name)
    update_profile(
        member,
        actor=member,
        changes={
            "province": province,
            "organization_name": organization_name,
            "in_directory": listed,
        },
        disciplines=Discipline.objects.filter(code__in=disciplines),
        skills=list(skills),
    )
    return member


@pytest.fixture
def people():
    return {
        "lise": listed(
            "Lise Arsenault",
            province="NB",
            disciplines=["music"],
            skills=["Demandes de subvention", "Tournées"],
        ),
        "marc": listed(
            "Marc-André Leblanc", province="QC", disciplines=["theatre"], skills=["Tournées"]
        ),
        "hidden": listed("Personne discrète", province="NB", disciplines=["music"], listed=False),
    }


def names(response):
    html = response.content.decode()
    return [
        name
        for name in ("Lise Arsenault", "Marc-André Leblanc", "Personne discrète")
        if name in html
    ]


def test_visitors_are_sent_to_sign_in(client, people):
    response = client.get(DIRECTORY)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def main_navigation(response):
    html = response.content.decode()
    return html[html.index('class="site-nav"') : html.index("</nav>")]


def test_the_header_leads_signed_in_members_to_the_directory_and_visitors_not(client, member):
    assert DIRECTORY not in main_navigation(client.get("/communaute/"))
    client.force_login(member)
    navigation = main_navigation(client.get("/communaute/"))
    assert f'<a href="{DIRECTORY}">Membres</a>' in navigation
    assert 'aria-current="page">Membres</a>' in main_navigation(client.get(DIRECTORY))
    english = main_navigation(client.get("/en/communaute/"))
    assert f'<a href="/en{DIRECTORY}">Members</a>' in english


def test_only_members_who_opted_in_are_listed(client, member, people):
    client.force_login(member)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names(response) == ["Lise Arsenault", "Marc-André Leblanc"]
    assert "Demandes de subvention" in response.content.decode()
    assert names(client.get(f"/en{DIRECTORY}")) == ["Lise Arsenault", "Marc-André Leblanc"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"province": "NB"}, ["Lise Arsenault"]),
        ({"discipline": "theatre"}, ["Marc-André Leblanc"]),
        ({"skill": "tournées"}, ["Lise Arsenault", "Marc-André Leblanc"]),
        ({"skill": "demandes-de-subvention", "province": "QC"}, []),
        # An unknown value is ignored rather than refused: the address may be an old one.
        ({"province": "XX"}, ["Lise Arsenault", "Marc-André Leblanc"]),
        ({"province": "XX", "discipline": "music"}, ["Lise Arsenault"]),
    ],
)
def test_filters_narrow_the_list(client, member, people, query, expected):
    client.force_login(member)
    response = client.get(DIRECTORY, query)
    assert names(response) == expected
    if not expected:
        assert "Aucun membre du répertoire ne répond à tous ces critères." in (
            response.content.decode()
        )


def test_the_organization_filter_lists_the_representatives_of_partner_organizations(
    client, member, people
):
    organization = make_organization("AAAPNB")
    representative = make_representative(organization, display_name="Julie Cormier")
    update_profile(representative, actor=representative, changes={"in_directory": True})
    client.force_login(member)
    html = client.get(DIRECTORY).content.decode()
    assert '<option value="aaapnb">AAAPNB</option>' in html
    html = client.get(DIRECTORY, {"organization": "aaapnb"}).content.decode()
    assert "Julie Cormier" in html and "Lise Arsenault" not in html


@pytest.mark.parametrize("count", [3, 40])
def test_the_directory_runs_a_bounded_number_of_queries(
    client, member, count, django_assert_max_num_queries
):
    for number in range(count):
        listed(f"Membre {number:02}", disciplines=["music", "dance"], skills=[f"Sujet {number}"])
    client.force_login(member)
    with django_assert_max_num_queries(20):
        response = client.get(DIRECTORY, {"discipline": "music"})
    assert response.content.decode().count('class="card"') == min(count, 24)
    if count > 24:
        with django_assert_max_num_queries(20):
            assert "Membre 39" in client.get(DIRECTORY, {"page": 2}).content.decode()


def test_skills_are_written_from_the_profile_form(client, member):
    sign_in(client, member)
    client.post(
        "/comptes/profil/",
        profile_data(skills="Métadonnées, demandes de subvention,  métadonnées "),
    )
    member.refresh_from_db()
    assert sorted(member.skills.names()) == ["demandes de subvention", "métadonnées"]
    assert "demandes de subvention" in client.get(member.get_absolute_url()).content.decode()
    # The form shows them back as they are typed: plain words separated by commas.
    html = client.get("/comptes/profil/").content.decode()
    assert 'value="demandes de subvention, métadonnées"' in html


def test_a_profile_lists_recent_posts_only_in_spaces_the_viewer_may_read(client, member):
    author = MemberFactory(display_name="Lise Arsenault")
    public = make_space("Diffusion", Space.Visibility.PUBLIC)
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=author)
    create_topic(public, author=author, title="Sujet ouvert", body="Bonjour à toutes et à tous")
    create_topic(private, author=author, title="Sujet du cercle", body="Entre nous")
    _topic, deleted = create_topic(public, author=author, title="Sujet retiré", body="Oups")
    delete_post(deleted, actor=author)
    client.force_login(member)
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Sujet ouvert" in html
    assert "Sujet du cercle" not in html and "Entre nous" not in html
    assert "Sujet retiré" not in html
    SpaceMembership.objects.create(space=private, member=member)
    assert "Sujet du cercle" in client.get(author.get_absolute_url()).content.decode()


def test_a_profile_does_not_list_a_post_moderators_hid(client, member):
    from communaute.services.moderation import hide_post

    author = MemberFactory(display_name="Lise Arsenault")
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    _topic, post = create_topic(space, author=author, title="Publicité", body="Achetez !")
    create_topic(space, author=author, title="Sujet utile", body="Bonjour")
    hide_post(post, actor=MemberFactory(is_superuser=True), reason="Publicité sans lien")
    client.force_login(member)
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Sujet utile" in html and "Publicité" not in html


def suggested(client, **query):
    response = client.get("/communaute/mentions/", {"q": "li", **query})
    return {row["name"] for row in response.json()["results"]}


def test_mention_suggestions_are_for_signed_in_members_among_the_spaces_readers(client, member):
    lise = listed("Lise Arsenault", listed=False)
    outsider = listed("Lina Outsider")
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=member)
    SpaceMembership.objects.create(space=private, member=lise)
    assert client.get("/communaute/mentions/", {"q": "li"}).status_code == 302
    client.force_login(member)
    results = client.get("/communaute/mentions/", {"q": "@li", "espace": "cercle"}).json()
    assert results["results"] == [
        {"handle": lise.handle, "name": "Lise Arsenault", "avatar": avatar_url(lise)}
    ]
    assert outsider.handle not in str(results)
    client.force_login(outsider)
    assert client.get("/communaute/mentions/", {"q": "li", "espace": "cercle"}).status_code == 404


def test_mention_suggestions_name_only_people_the_writer_could_already_know(client, member):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    other_space = make_space("Tournées", Space.Visibility.PUBLIC)
    listed("Lise Au Répertoire")
    SpaceMembership.objects.create(space=space, member=listed("Line Membre", listed=False))
    create_topic(
        space, author=listed("Lino Auteur", listed=False), title="Salle libre", body="Bonjour"
    )
    SpaceMembership.objects.create(space=other_space, member=listed("Lia Ailleurs", listed=False))
    create_topic(
        other_space, author=listed("Lili Ailleurs", listed=False), title="Route", body="Bonjour"
    )
    listed("Linda Discrète", listed=False)
    gone = listed("Lisa Partie")
    SpaceMembership.objects.create(space=space, member=gone)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    client.force_login(member)
    # A member of an open space who never wrote there nor chose the directory stays unnamed.
    assert suggested(client, espace="diffusion") == {"Lise Au Répertoire", "Lino Auteur"}
    # Outside a space, only the directory is known.
    assert suggested(client) == {"Lise Au Répertoire"}


def test_an_author_whose_only_post_was_hidden_is_not_suggested(client, member):
    from communaute.services.moderation import hide_post

    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    _topic, post = create_topic(
        space, author=listed("Lino Auteur", listed=False), title="Publicité", body="Achetez !"
    )
    hide_post(post, actor=MemberFactory(is_superuser=True), reason="Publicité sans lien")
    client.force_login(member)
    assert suggested(client, espace="diffusion") == set()


def test_who_wrote_only_in_a_hidden_topic_is_not_suggested(client, member):
    from communaute.services.moderation import hide_post

    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    topic, opening = create_topic(
        space, author=listed("Lino Auteur", listed=False), title="Publicité", body="Achetez !"
    )
    reply(topic, author=listed("Lili Répond", listed=False), body="Où ça ?")
    hide_post(opening, actor=MemberFactory(is_superuser=True), reason="Publicité sans lien")
    client.force_login(member)
    assert suggested(client, espace="diffusion") == set()
