"""Members' faces (issue #15, item 2): photos, monograms drawn by the site, the neutral mark of
an account that is gone, and where pages show them."""

import re
from xml.etree import ElementTree

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from communaute import avatars
from communaute.models import Member, Notification, Space
from communaute.notifications.centre import notify
from communaute.services.following import MENTION, TopicContext
from communaute.services.forum import create_topic, reply
from communaute.services.members import delete_account
from communaute.services.messaging import start_conversation
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def relative_luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def render_avatar(member, arguments=""):
    template = Template("{% load members %}{% avatar member " + (arguments or "32") + " %}")
    return template.render(Context({"member": member}))


# Initials ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sophie Gagnon", "SG"),
        ("Émilie Thériault", "ÉT"),
        ("élodie ouellet", "ÉO"),
        ("Marie-Ève Tremblay", "MT"),
        ("Jean-Luc", "JL"),
        ("Passerelles", "P"),
        ("  Théâtre   du  Nord  ", "TN"),
        ("Studio 54", "S5"),
        ("« Les Productions » d'Acadie", "LD"),
        ("Straße", "S"),
        ("ßeta", "ß"),
        # The same letter written as E + combining accent: one letter, « É », in the address.
        ("E\u0301ric Côté", "ÉC"),
        ("🎭", ""),
        ("", ""),
    ],
)
def test_initials_are_the_first_letters_of_the_first_and_last_words_accents_kept(name, expected):
    assert avatars.initials(name) == expected


def test_every_palette_colour_has_at_least_aa_contrast_with_the_white_letters():
    for colour in avatars.PALETTE:
        assert contrast(colour, avatars.TEXT_COLOUR) >= 4.5, colour


def test_a_members_colour_comes_from_their_id_and_stays_when_they_rename_themselves(member):
    before = avatars.avatar_url(member)
    assert f"/{member.pk % len(avatars.PALETTE)}/" in before
    member.display_name = "Sophie Gagnon-Roy"
    assert avatars.avatar_url(member) == before  # same initials, same colour: same image
    member.display_name = "Anne Roy"
    renamed = avatars.avatar_url(member)
    assert renamed != before and renamed.endswith("/AR.svg")
    neighbours = {avatars.colour_number(Member(pk=pk)) for pk in range(len(avatars.PALETTE))}
    assert len(neighbours) == len(avatars.PALETTE)


@pytest.mark.parametrize("letters", ["SG", "ÉC", "ß", "7"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_monograms_address_is_the_one_django_reverses(letters, language):
    with translation.override(language):
        expected = reverse("communaute:monogram", kwargs={"colour": 5, "letters": letters})
        assert avatars.monogram_url(5, letters) == expected
    assert expected.startswith("/en/") == (language == "en")


# The monogram view ---------------------------------------------------------------------------


def test_the_monogram_is_an_svg_with_the_letters_on_the_members_colour(client):
    response = client.get(reverse("communaute:monogram", kwargs={"colour": 3, "letters": "ÉT"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}rect").get("fill") == avatars.PALETTE[3]
    text = root.find(f"{SVG}text")
    assert text.text == "ÉT" and text.get("fill") == avatars.TEXT_COLOUR


def test_the_monogram_is_cached_for_a_year_and_runs_nothing_when_opened(client):
    response = client.get(reverse("communaute:monogram", kwargs={"colour": 0, "letters": "S"}))
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "immutable" in cache_control
    assert "max-age=31536000" in cache_control
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_monogram_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("communaute:monogram", kwargs={"colour": 1, "letters": "NC"}))


@pytest.mark.parametrize(
    "path",
    [
        "/communaute/monogrammes/8/SG.svg",  # past the palette
        "/communaute/monogrammes/99999999999999999999/SG.svg",
        "/communaute/monogrammes/-1/SG.svg",
        "/communaute/monogrammes/0/ABC.svg",  # three letters are not initials
        "/communaute/monogrammes/0/%3Cs%3E.svg",  # <s>
        "/communaute/monogrammes/0/A%26.svg",
        "/communaute/monogrammes/0/A%22.svg",
        "/communaute/monogrammes/0/%20.svg",
        "/communaute/monogrammes/0/.svg",
        "/communaute/monogrammes/0/sophie-gagnon.svg",  # nothing finds a member by handle
    ],
)
def test_the_monogram_refuses_anything_but_one_or_two_letters_on_a_palette_colour(client, path):
    assert client.get(path).status_code == 404


def test_the_letters_are_escaped_in_the_svg_whatever_reaches_the_drawing():
    svg = avatars.monogram_svg("<&", 0)
    assert "<&" not in svg and "&lt;&amp;" in svg
    ElementTree.fromstring(svg)  # still well-formed


def test_the_monogram_address_tells_no_more_than_the_name_the_page_shows(member):
    url = avatars.avatar_url(member)
    assert member.handle not in url and str(member.pk) not in url.split("/")[-1]
    assert member.email.split("@")[0] not in url
    assert re.fullmatch(r"/communaute/monogrammes/\d/SG\.svg", url)


# The tag -------------------------------------------------------------------------------------


def test_a_member_without_photo_shows_their_monogram_a_member_with_one_their_photo(member):
    html = render_avatar(member, "40")
    assert f'src="{avatars.avatar_url(member)}"' in html
    assert 'width="40" height="40"' in html and 'alt=""' in html
    member.avatar.name = "avatars/sophie.webp"
    html = render_avatar(member)
    assert 'src="/media/avatars/sophie.webp"' in html and "monogrammes" not in html


def test_the_face_says_the_name_only_where_it_stands_alone(member):
    assert 'alt="Sophie Gagnon"' in render_avatar(member, "24 named=True")
    member.display_name = 'Sophie "<b>" Gagnon'
    html = render_avatar(member, "24 named=True")
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_a_deleted_or_closed_account_shows_the_neutral_mark(member):
    assert "img/avatar-deleted.svg" in render_avatar(None)
    assert 'alt="Membre supprimé"' in render_avatar(None, "24 named=True")
    member.is_active = False
    member.avatar.name = "avatars/sophie.webp"
    html = render_avatar(member)
    assert "img/avatar-deleted.svg" in html and "sophie.webp" not in html


def test_a_name_without_any_letter_shows_the_neutral_mark_rather_than_an_empty_monogram():
    assert "img/avatar-deleted.svg" in render_avatar(Member(pk=5, display_name="🎭"))


# The pages -----------------------------------------------------------------------------------


def test_posts_show_their_authors_face_and_a_deleted_authors_neutral_mark(
    client, member, other_member
):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    topic, _post = create_topic(space, author=member, title="Un camion ?", body="Qui ?")
    reply(topic, author=other_member, body="Moi.")
    leaving = MemberFactory(display_name="Yves Départ")
    reply(topic, author=leaving, body="Au revoir.")
    delete_account(leaving, actor=leaving)
    html = client.get(topic.get_absolute_url()).content.decode()
    for author in (member, other_member):
        assert f'<img class="avatar" src="{avatars.avatar_url(author)}"' in html
    assert "img/avatar-deleted.svg" in html
    # The name is written beside each face: the image is decoration.
    header = re.search(r'<p class="post__author"[^>]*>(<img [^>]*>)', html).group(1)
    assert 'alt=""' in header


def test_private_messages_show_the_faces_of_their_authors(client, member, other_member):
    other_member.in_directory = True  # whom one may write to without a shared space
    other_member.save()
    conversation, _message = start_conversation(
        member, [other_member], subject="Une salle", body="Libre mardi ?"
    )
    client.force_login(other_member)
    html = client.get(reverse("communaute:conversation", args=[conversation.pk])).content.decode()
    assert f'src="{avatars.avatar_url(member)}"' in html


def test_the_directory_and_the_profile_show_faces(client, member, other_member):
    other_member.in_directory = True
    other_member.avatar.name = "avatars/nadia.webp"
    other_member.save()
    client.force_login(member)
    directory = client.get("/communaute/membres/").content.decode()
    assert 'src="/media/avatars/nadia.webp" width="40"' in directory
    profile = client.get(member.get_absolute_url()).content.decode()
    assert f'class="avatar avatar--large" src="{avatars.avatar_url(member)}"' in profile


def test_notifications_show_the_face_of_who_acted_and_cost_no_query_per_face(
    client, member, django_assert_max_num_queries
):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    topic, _post = create_topic(space, author=member, title="Un camion ?", body="Qui ?")

    def add(count):
        for _number in range(count):
            notify(
                member,
                MENTION,
                actor=MemberFactory(),
                url=topic.get_absolute_url(),
                context=TopicContext.of(topic),
            )

    add(2)
    client.force_login(member)
    client.get("/communaute/notifications/")
    with django_assert_max_num_queries(12) as small:
        html = client.get("/communaute/notifications/").content.decode()
    assert html.count('class="avatar"') == 2
    small_count = len(small)
    add(15)
    # The new notifications made the header count again, once; then as before.
    client.get("/communaute/notifications/")
    with django_assert_max_num_queries(small_count):
        html = client.get("/communaute/notifications/").content.decode()
    assert html.count('class="avatar"') == 17
    for notification in Notification.objects.filter(recipient=member)[:3]:
        assert avatars.avatar_url(notification.actor) in html


def test_mention_suggestions_carry_the_face_of_each_member(client, member, other_member):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    create_topic(space, author=other_member, title="Bonjour", body="Bonjour")
    other_member.avatar.name = "avatars/nadia.webp"
    other_member.save()
    client.force_login(member)
    results = client.get("/communaute/mentions/", {"q": "Nad", "espace": "diffusion"}).json()
    assert results["results"] == [
        {
            "handle": other_member.handle,
            "name": "Nadia Chartrand",
            "avatar": "/media/avatars/nadia.webp",
        }
    ]
