"""« Quoi de neuf »: the selection (each source, who sees what, grouping, since the last look,
keyset pages), the page and its roles, and the digest that carries the same items."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from communaute.hooks.news import Position, Window
from communaute.models import NewsVisit, Space, SpaceMembership, SpaceSubscription, Topic
from communaute.notifications.digests import send_due_digests
from communaute.selectors.forum import mark_read
from communaute.selectors.news import (
    FIRST_VISIT,
    BadCursor,
    decode_cursor,
    encode_cursor,
    whats_new,
    window_for,
)
from communaute.services.following import follow_space, mute_topic
from communaute.services.forum import create_topic, delete_post, join_space, reply
from communaute.services.moderation import hide_post, suspend_member
from communaute.services.news import mark_news_seen
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

PAGE = "/communaute/quoi-de-neuf/"


def news_of(member, **kwargs):
    return whats_new(member, window_for(member), **kwargs)


def titles(page):
    return [(item.kind, item.title) for item in page.items]


@pytest.fixture
def author(db):
    return MemberFactory(display_name="Lise Arsenault")


@pytest.fixture
def space(member, author):
    space = make_space("Diffusion")
    join_space(space, member=member)
    join_space(space, member=author)
    return space


def test_new_topics_of_the_spaces_a_member_belongs_to_or_follows_are_news(member, author, space):
    followed = make_space("Outils", Space.Visibility.MEMBERS)
    follow_space(member, followed)
    ignored = make_space("Ailleurs")
    create_topic(space, author=author, title="Une salle à Moncton", body="Qui en a une ?")
    create_topic(followed, author=author, title="Un logiciel libre", body="Lequel ?")
    create_topic(ignored, author=author, title="Hors de mes espaces", body="…")
    create_topic(space, author=member, title="Mon propre sujet", body="Pas une nouvelle")

    page = news_of(member)

    assert titles(page) == [("topics", "Un logiciel libre"), ("topics", "Une salle à Moncton")]
    item = page.items[1]
    assert item.lead == "Nouveau sujet :"
    assert item.meta == "par Lise Arsenault"
    assert item.group_label == "Diffusion"
    assert item.group_url == "/communaute/espaces/diffusion/"


def test_replies_are_grouped_per_topic_and_link_to_the_first_new_one(member, author, space):
    topic, _post = create_topic(space, author=member, title="Partager un camion", body="?")
    other = MemberFactory(display_name="Marc Leblanc")
    for body in ("Oui", "Moi aussi", "Et moi"):
        reply(topic, author=author, body=body)
    reply(topic, author=member, body="Merci !")
    reply(topic, author=other, body="Encore moi")

    (item,) = news_of(member).items

    assert item.kind == "replies"
    assert item.lead == "4 nouvelles réponses dans"
    assert item.title == "Partager un camion"
    assert item.url == topic.get_position_url(2)
    # Read up to the third post: the item counts and points at what is left.
    mark_read(member, topic, 3)
    (item,) = news_of(member).items
    assert item.lead == "2 nouvelles réponses dans"
    assert item.url == topic.get_position_url(4)
    mark_read(member, topic, 6)
    assert news_of(member).items == []


def test_what_the_member_may_not_see_is_never_news(member, author, space, staff):
    topic, _post = create_topic(space, author=author, title="Visible", body="…")
    _hidden, opening = create_topic(space, author=author, title="Masqué", body="…")
    hide_post(opening, actor=staff, reason="Hors sujet")
    hidden_reply = reply(topic, author=author, body="Masquée")
    hide_post(hidden_reply, actor=staff, reason="Hors sujet")
    deleted_reply = reply(topic, author=author, body="Effacée")
    delete_post(deleted_reply, actor=author)
    muted_topic, _post = create_topic(space, author=member, title="En sourdine", body="…")
    mute_topic(member, muted_topic)
    reply(muted_topic, author=author, body="Chut")
    # A private space the member followed, then left.
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=author)
    SpaceSubscription.objects.create(space=private, member=member)
    create_topic(private, author=author, title="Secret", body="…")

    assert titles(news_of(member)) == [("topics", "Visible")]


def test_a_deleted_author_is_shown_as_the_site_shows_them(member, author, space):
    create_topic(space, author=author, title="Avant le départ", body="…")
    author.delete()
    (item,) = news_of(member).items
    assert item.meta == "par Membre supprimé"


def test_the_first_look_shows_two_weeks_and_the_next_what_came_after(member, author, space):
    topic, _post = create_topic(space, author=author, title="Ancien", body="…")
    Topic.objects.filter(pk=topic.pk).update(created_at=timezone.now() - FIRST_VISIT - timedelta(1))
    create_topic(space, author=author, title="Récent", body="…")
    assert titles(news_of(member)) == [("topics", "Récent")]

    mark_news_seen(member, timezone.now())
    assert news_of(member).items == []
    create_topic(space, author=author, title="Après ma visite", body="…")
    assert titles(news_of(member)) == [("topics", "Après ma visite")]


def test_the_mark_never_goes_back(member):
    now = timezone.now()
    mark_news_seen(member, now)
    mark_news_seen(member, now - timedelta(hours=1))
    assert NewsVisit.objects.get(member=member).seen_until == now


def test_keyset_pages_keep_one_order_when_items_share_their_instant(member, author, space):
    instant = timezone.now() - timedelta(hours=1)
    made = []
    for number in range(5):
        topic, _post = create_topic(space, author=author, title=f"Sujet {number}", body="…")
        made.append(topic)
    replied, _post = create_topic(space, author=member, title="Le mien", body="…")
    reply(replied, author=author, body="Réponse")
    Topic.objects.filter(pk__in=[topic.pk for topic in made]).update(created_at=instant)
    replied.posts.filter(position=2).update(created_at=instant)
    window = window_for(member)

    seen, after = [], None
    while True:
        page = whats_new(member, window, after=after, limit=2)
        seen.extend(item.position for item in page.items)
        if page.next_position is None:
            break
        # New items arriving meanwhile do not move the pages already cut.
        create_topic(space, author=author, title="Arrivé entre-temps", body="…")
        after = decode_cursor(encode_cursor(window, page.next_position))[1]

    assert len(seen) == len(set(seen)) == 6
    assert seen == sorted(seen, reverse=True)
    assert seen[0] == Position(instant, "topics", made[-1].pk)
    # Same instant: the source key orders, then the id.
    assert [position.kind for position in seen] == ["topics"] * 5 + ["replies"]


def test_items_are_grouped_under_their_space_newest_group_first(member, author, space):
    other_space = make_space("Outils")
    join_space(other_space, member=member)
    create_topic(space, author=author, title="Premier", body="…")
    create_topic(other_space, author=author, title="Deuxième", body="…")
    create_topic(space, author=author, title="Troisième", body="…")

    groups = news_of(member).groups

    assert [(group["label"], [item.title for item in group["items"]]) for group in groups] == [
        ("Diffusion", ["Troisième", "Premier"]),
        ("Outils", ["Deuxième"]),
    ]


@pytest.mark.parametrize("cursor", ["abc", "x" * 600, "\x00", "1:2:3", ""])
def test_a_cursor_the_site_did_not_write_is_refused(cursor):
    with pytest.raises(BadCursor):
        decode_cursor(cursor)


def test_a_cursor_carries_its_window_and_position():
    now = timezone.now()
    window = Window(now - timedelta(days=1), now)
    position = Position(now - timedelta(hours=2), "replies", 42)
    assert decode_cursor(encode_cursor(window, position)) == (window, position)


# The page


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith("/comptes/login/?next=")


def test_opening_the_page_shows_the_news_and_marks_them_seen(client, member, author, space):
    topic, _post = create_topic(space, author=member, title="Partager un camion", body="?")
    reply(topic, author=author, body="Oui")
    reply(topic, author=author, body="Moi aussi")
    client.force_login(member)

    html = client.get(PAGE).content.decode()

    assert re.search(
        r"Pour votre première visite, les deux dernières semaines, depuis le \w+ \d+", html
    )
    assert (
        '<h2 id="news-page-1" class="news__heading"><a href="/communaute/espaces/diffusion/">'
        in html
    )
    assert "2 nouvelles réponses dans" in html
    assert f'<a href="{topic.get_position_url(2)}" lang="fr">Partager un camion</a>' in html
    # The next look starts after this one.
    html = client.get(PAGE).content.decode()
    assert re.search(r"Depuis votre dernière visite, le \w+ \d+", html)
    assert "Rien de neuf depuis votre dernière visite." in html
    assert "Partager un camion" not in html


def test_the_next_page_keeps_the_window_of_the_first(client, member, author, space, monkeypatch):
    for number in range(3):
        create_topic(space, author=author, title=f"Sujet {number}", body="…")
    monkeypatch.setattr("communaute.selectors.news.PER_PAGE", 2)
    client.force_login(member)

    first = client.get(PAGE).content.decode()
    cursor = re.search(r'href="\?apres=([^"]+)" rel="next"', first).group(1)
    # Opening the first page marked everything seen: the next page still shows its window.
    second = client.get(f"{PAGE}?apres={cursor}").content.decode()

    assert "Sujet 2" in first and "Sujet 1" in first and "Sujet 0" not in first
    assert "Sujet 0" in second and "Sujet 2" not in second
    assert 'rel="next"' not in second


@pytest.mark.parametrize("cursor", ["abc", "9" * 400, "x" * 2000, "a:b:c"])
def test_a_bad_cursor_answers_a_clear_400(client, member, cursor):
    client.force_login(member)
    response = client.get(f"{PAGE}?apres={cursor}")
    assert response.status_code == 400
    assert "Lien de page invalide" in response.content.decode()


def test_a_nul_byte_in_the_cursor_answers_400(client, member):
    client.force_login(member)
    assert client.get(f"{PAGE}?apres=%00").status_code == 400


def test_a_suspended_member_still_reads_the_news(client, member, author, space, staff):
    create_topic(space, author=author, title="Pendant la pause", body="…")
    suspend_member(member, actor=staff, days=2, reason="Pause.")
    client.force_login(member)
    assert "Pendant la pause" in client.get(PAGE).content.decode()


def test_an_outsider_sees_the_empty_state_with_suggestions(client, author, space):
    outsider = MemberFactory()
    create_topic(space, author=author, title="Pas pour vous", body="…")
    client.force_login(outsider)
    html = client.get(PAGE).content.decode()
    assert "Pas pour vous" not in html
    assert "Rien de neuf depuis votre dernière visite." in html
    assert '<a href="/ressources/organisations/">Découvrir les organisations</a>' in html


def test_marking_all_seen_empties_the_home_section(client, member, author, space):
    create_topic(space, author=author, title="Une salle à Moncton", body="…")
    client.force_login(member)
    assert "Une salle à Moncton" in client.get("/").content.decode()
    response = client.post(f"{PAGE}tout-vu/", {"next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert "Une salle à Moncton" not in client.get("/").content.decode()
    # Somewhere else than this site: back to the page instead.
    response = client.post(f"{PAGE}tout-vu/", {"next": "https://ailleurs.test/"})
    assert response.url == PAGE


def test_the_page_speaks_english(client, member, author, space):
    topic, _post = create_topic(space, author=member, title="Partager un camion", body="?")
    reply(topic, author=author, body="Oui")
    client.force_login(member)
    html = client.get(f"/en{PAGE}").content.decode()
    assert "What’s new" in html or "What's new" in html
    assert "1 new reply in" in html


def test_the_english_sentence_of_the_last_visit_ends_once(client, member, author, space):
    # English times end with "p.m.": a sentence ending on the time read "p.m..".
    yesterday = timezone.localtime() - timedelta(days=1)
    seen = yesterday.replace(hour=15, minute=30, second=0, microsecond=0)
    NewsVisit.objects.create(member=member, seen_until=seen)
    topic, _post = create_topic(space, author=member, title="Partager un camion", body="?")
    reply(topic, author=author, body="Oui")
    client.force_login(member)
    html = client.get(f"/en{PAGE}").content.decode()
    assert "Since your last visit, at 3:30 p.m. on " in html
    assert "p.m.." not in html


def fill(space, member, author, size):
    for number in range(size):
        topic, _post = create_topic(space, author=member, title=f"Mien {size} {number}", body="?")
        reply(topic, author=author, body="Oui")
        create_topic(space, author=author, title=f"Sien {size} {number}", body="…")


def test_the_page_reads_a_fixed_number_of_queries(
    client, member, author, space, django_assert_max_num_queries
):
    client.force_login(member)
    client.get(PAGE)
    fill(space, member, author, 2)
    NewsVisit.objects.all().delete()
    with django_assert_max_num_queries(21):
        client.get(PAGE)
    fill(space, member, author, 14)
    NewsVisit.objects.all().delete()
    with django_assert_max_num_queries(21):
        html = client.get(PAGE).content.decode()
    assert html.count("news__item") == 30


# The digest


def test_the_digest_carries_the_news_of_its_period(member, author, space, committing):
    topic, _post = create_topic(space, author=author, title="Sans notification", body="…")
    # A topic the member never followed: its replies are news, not notifications.
    reply(topic, author=MemberFactory(display_name="Marc"), body="Oui")

    assert committing(send_due_digests) >= 1
    (digest,) = [message for message in mail.outbox if message.to == [member.email]]
    window = Window(timezone.now() - timedelta(days=8), timezone.now())
    for item in whats_new(member, window).items:
        assert f"«\u00a0{item.title}\u00a0»" in digest.body
        assert item.url in digest.body
    assert "Quoi de neuf dans vos espaces et organisations" in digest.body
    assert "== Diffusion ==" in digest.body
    assert "1 nouvelle réponse dans «\u00a0Sans notification\u00a0»" in digest.body
    assert f"{PAGE}\n" in digest.body
    # No notification in this one: the footer says what the digest is about.
    assert "vous recevez un résumé par jour de ce qui est nouveau pour vous" in digest.body


def test_the_english_digest_quotes_the_news_in_english(member, author, space, committing):
    member.language = "en"
    member.save(update_fields=["language"])
    topic, _post = create_topic(space, author=author, title="Sans notification", body="…")
    reply(topic, author=MemberFactory(display_name="Marc"), body="Oui")
    committing(send_due_digests)
    (digest,) = [message for message in mail.outbox if message.to == [member.email]]
    assert "What's new in your spaces and organizations" in digest.body
    assert "“Sans notification”" in digest.body
    assert "«" not in digest.body


def test_the_digest_leaves_out_what_the_member_already_saw_on_the_page(
    client, member, author, space, committing
):
    create_topic(space, author=author, title="Déjà vu", body="…")
    client.force_login(member)
    client.get(PAGE)
    mail.outbox.clear()
    committing(send_due_digests)
    bodies = [message.body for message in mail.outbox if message.to == [member.email]]
    assert all("Déjà vu" not in body for body in bodies)


def test_the_account_menu_links_to_the_page(client, member):
    client.force_login(member)
    html = client.get("/communaute/").content.decode()
    assert f'<a href="{PAGE}">Quoi de neuf</a>' in html
    assert (
        f'<a href="{PAGE}" aria-current="page">Quoi de neuf</a>'
        in client.get(PAGE).content.decode()
    )
