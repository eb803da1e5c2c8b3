"""Who hears of what: replies in followed topics, new topics in followed spaces, mentions,
reactions, join requests; never outside a private space, never in a muted topic."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communaute.mentions import link_mentions, mentioned_handles
from communaute.models import Notification, Space, SpaceMembership, TopicSubscription
from communaute.services.following import (
    follow_space,
    follow_topic,
    mute_topic,
    stop_following_space,
    stop_following_topic,
)
from communaute.services.forum import (
    create_topic,
    decide_join_request,
    edit_post,
    join_space,
    reply,
    toggle_reaction,
)
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db


def kinds_of(member):
    return list(
        Notification.objects.filter(recipient=member).order_by("pk").values_list("kind", flat=True)
    )


@pytest.fixture
def space():
    return make_space("Diffusion", Space.Visibility.PUBLIC)


@pytest.fixture
def private():
    return make_space("Cercle des diffuseurs", Space.Visibility.PRIVATE)


def test_writing_in_a_topic_follows_it_and_the_next_reply_notifies_its_followers(
    space, member, other_member
):
    topic, _post = create_topic(space, author=member, title="Camion partagé", body="Qui part ?")
    assert TopicSubscription.objects.get(member=member, topic=topic).reason == "posted"
    post = reply(topic, author=other_member, body="Moi, en avril.")
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == "topic_reply"
    assert notification.actor == other_member
    assert notification.url == f"/communaute/messages/{post.pk}/"
    assert notification.context["space"] == "Diffusion"
    assert notification.describe() == "Nadia Chartrand a répondu dans « Camion partagé »."
    # The author of a reply is never told of their own post.
    assert kinds_of(other_member) == []
    reply(topic, author=member, body="Parfait.")
    assert kinds_of(other_member) == ["topic_reply"]


def test_a_muted_topic_notifies_nobody_who_muted_it(space, member, other_member):
    topic, _post = create_topic(space, author=member, title="Camion", body="?")
    mute_topic(member, topic)
    reply(topic, author=other_member, body=f"Réponse pour @{member.handle}")
    assert kinds_of(member) == []
    # Writing again in a muted topic keeps the mute: only the member's own choice changes it.
    reply(topic, author=member, body="Je passe.")
    assert TopicSubscription.objects.get(member=member, topic=topic).level == "muted"
    follow_topic(member, topic)
    reply(topic, author=other_member, body="Et maintenant ?")
    assert kinds_of(member) == ["topic_reply"]
    stop_following_topic(member, topic)
    reply(topic, author=other_member, body="Encore ?")
    assert kinds_of(member) == ["topic_reply"]


def test_following_a_space_tells_of_its_new_topics_not_of_every_reply(space, member, other_member):
    follow_space(member, space)
    topic, _post = create_topic(space, author=other_member, title="Nouveau", body="Bonjour")
    assert kinds_of(member) == ["topic_created"]
    assert Notification.objects.get(recipient=member).describe() == (
        "Nadia Chartrand a lancé le sujet « Nouveau » dans « Diffusion »."
    )
    reply(topic, author=MemberFactory(), body="Bienvenue")
    assert kinds_of(member) == ["topic_created"]
    stop_following_space(member, space)
    create_topic(space, author=other_member, title="Autre", body="Bonjour")
    assert kinds_of(member) == ["topic_created"]


def test_a_mention_notifies_once_and_makes_the_mentioned_member_follow(space, member, other_member):
    topic, _post = create_topic(space, author=other_member, title="Tournée", body="?")
    follow_topic(member, topic)
    reply(topic, author=other_member, body=f"@{member.handle} et @{member.handle}, tu viens ?")
    # A mention wins over the plain reply: one notification, not two.
    assert kinds_of(member) == ["mention"]
    assert Notification.objects.get(recipient=member).describe() == (
        "Nadia Chartrand vous mentionne dans « Tournée »."
    )
    third = MemberFactory()
    reply(topic, author=other_member, body=f"Bonjour @{third.handle.upper()}")
    assert kinds_of(third) == ["mention"]
    assert TopicSubscription.objects.get(member=third, topic=topic).reason == "mentioned"
    reply(topic, author=member, body="Je viens.")
    assert kinds_of(third) == ["mention", "topic_reply"]


def test_nobody_outside_a_private_space_is_notified(private, member, other_member):
    outsider = MemberFactory()
    SpaceMembership.objects.create(space=private, member=member)
    SpaceMembership.objects.create(space=private, member=other_member)
    topic, _post = create_topic(private, author=member, title="Entre nous", body="?")
    # An outsider who followed the topic before losing access, and who is mentioned.
    TopicSubscription.objects.create(member=outsider, topic=topic, reason="chosen")
    reply(topic, author=other_member, body=f"@{outsider.handle} @{member.handle} ?")
    assert kinds_of(outsider) == []
    assert kinds_of(member) == ["mention"]
    with pytest.raises(PermissionDenied):
        follow_space(outsider, private)
    with pytest.raises(PermissionDenied):
        follow_topic(outsider, topic)


def test_email_addresses_are_not_mentions():
    assert mentioned_handles("Écrire à info@culture.ca ou à @sophie-g, puis @Marc.") == [
        "sophie-g",
        "marc",
    ]


def test_a_reaction_tells_the_author_once_and_never_oneself(space, member, other_member):
    topic, post = create_topic(space, author=member, title="Modèles", body="Voici.")
    toggle_reaction(post, member=member, kind="merci")
    assert kinds_of(member) == []
    toggle_reaction(post, member=other_member, kind="utile")
    assert Notification.objects.get(recipient=member).describe() == (
        "Nadia Chartrand a réagi (Utile) à votre message dans « Modèles »."
    )
    # Taking a reaction back tells nobody.
    toggle_reaction(post, member=other_member, kind="utile")
    assert kinds_of(member) == ["reaction"]
    mute_topic(member, topic)
    toggle_reaction(post, member=other_member, kind="merci")
    assert kinds_of(member) == ["reaction"]


def test_a_join_request_reaches_the_animators_and_the_decision_the_member(
    private, member, other_member
):
    animator = MemberFactory()
    SpaceMembership.objects.create(
        space=private, member=animator, role=SpaceMembership.Role.ANIMATOR
    )
    SpaceMembership.objects.create(space=private, member=other_member)
    join_request = join_space(private, member=member, message="Je diffuse en Acadie.")
    assert kinds_of(animator) == ["join_request_created"]
    assert kinds_of(other_member) == []
    assert Notification.objects.get(recipient=animator).url == (
        "/communaute/espaces/cercle-des-diffuseurs/membres/"
    )
    # Asking twice while the request waits does not notify twice.
    join_space(private, member=member)
    assert kinds_of(animator) == ["join_request_created"]
    decide_join_request(join_request, actor=animator, approve=True)
    assert kinds_of(member) == ["join_request_decided"]


def test_a_reply_to_many_followers_costs_a_fixed_number_of_queries(
    space, member, django_assert_max_num_queries
):
    topic, _post = create_topic(space, author=member, title="Grand sujet", body="?")
    followers = MemberFactory.create_batch(30)
    for follower in followers:
        follow_topic(follower, topic)
    author = MemberFactory()
    with django_assert_max_num_queries(30):
        reply(topic, author=author, body="Une réponse pour tout le monde")
    assert Notification.objects.filter(kind="topic_reply").count() == 31


def test_mentions_become_profile_links_but_not_inside_links_or_code(space, member, other_member):
    _topic, post = create_topic(
        space, author=other_member, title="Liens", body=f"Merci @{member.handle} !"
    )
    post.refresh_from_db()
    assert (
        f'<a class="mention" href="/communaute/membres/{member.handle}/">@{member.handle}</a>'
        in post.body_html
    )
    html = '<p><a href="/x">@sophie</a> <code>@sophie</code> @sophie</p>'
    assert link_mentions(html, {"sophie": "/m/sophie/"}) == (
        '<p><a href="/x">@sophie</a> <code>@sophie</code> '
        '<a class="mention" href="/m/sophie/">@sophie</a></p>'
    )


def test_a_post_is_rendered_once_with_its_mentions_linked(space, member, other_member, monkeypatch):
    from communaute.services import forum

    rendered = []
    render_markdown = forum.render_markdown
    monkeypatch.setattr(
        forum, "render_markdown", lambda body: rendered.append(body) or render_markdown(body)
    )
    topic, _post = create_topic(space, author=other_member, title="Camion", body="Qui part ?")
    rendered.clear()
    body = f"Moi, avec @{member.handle}"
    with CaptureQueriesContext(connection) as queries:
        post = reply(topic, author=other_member, body=body)
    assert rendered == [body]
    # The stored HTML has its links from the start: no second pass rewrites it.
    assert not [query for query in queries if '"body_html" =' in query["sql"]]
    post.refresh_from_db()
    link = f'<a class="mention" href="/communaute/membres/{member.handle}/">@{member.handle}</a>'
    assert link in post.body_html
    assert kinds_of(member) == ["mention"]
    rendered.clear()
    edit_post(post, editor=other_member, body=f"{body} !")
    assert rendered == [f"{body} !"]


def test_an_edit_notifies_only_the_newly_mentioned(space, member, other_member):
    third = MemberFactory()
    _topic, post = create_topic(
        space, author=other_member, title="Édition", body=f"Bonjour @{member.handle}"
    )
    edit_post(post, editor=other_member, body=f"Bonjour @{member.handle} et @{third.handle}")
    assert kinds_of(member) == ["mention"]
    assert kinds_of(third) == ["mention"]
    post.refresh_from_db()
    assert post.body_html.count('class="mention"') == 2


def follow_form(html):
    """The topic page's follow controls: where they post, the state shown, the buttons."""
    import re

    form = re.search(
        r'<form method="post" action="([^"]+)" class="follow-controls">(.*?)</form>', html
    )
    assert form is not None
    state = re.search(r'<p class="follow-controls__state">(.*?)</p>', form[2])[1]
    buttons = re.findall(
        r'<button type="submit" name="action" value="(\w+)"[^>]*>(.*?)</button>', form[2]
    )
    assert 'name="csrfmiddlewaretoken"' in form[2]
    return form[1], state, buttons


def test_a_member_follows_mutes_and_stops_following_a_topic_from_its_page(
    client, space, member, other_member
):
    topic, _post = create_topic(space, author=other_member, title="Un camion", body="Qui ?")
    client.force_login(member)
    page = topic.get_absolute_url()
    action, state, buttons = follow_form(client.get(page).content.decode())
    assert action == f"/communaute/sujets/{topic.pk}/suivi/"
    assert state == "Vous ne suivez pas ce sujet."
    assert buttons == [("follow", "Suivre ce sujet"), ("mute", "Mettre en sourdine")]

    response = client.post(action, {"action": "follow"}, follow=True)
    assert response.redirect_chain[-1][0] == page
    _action, state, buttons = follow_form(response.content.decode())
    assert state == "Vous suivez ce sujet : chaque réponse vous est signalée."
    assert buttons == [("mute", "Mettre en sourdine"), ("stop", "Ne plus suivre")]

    response = client.post(action, {"action": "mute"}, follow=True)
    _action, state, buttons = follow_form(response.content.decode())
    assert state == "Ce sujet est en sourdine : il ne vous notifie pas."
    assert buttons == [("follow", "Suivre ce sujet"), ("stop", "Retirer la sourdine")]
    _action, state, buttons = follow_form(client.get("/en" + page).content.decode())
    assert state == "This topic is muted: it doesn't notify you."
    assert buttons == [("follow", "Follow this topic"), ("stop", "Unmute")]

    client.post(action, {"action": "stop"})
    assert not TopicSubscription.objects.filter(member=member, topic=topic).exists()
    assert follow_form(client.get(page).content.decode())[1] == "Vous ne suivez pas ce sujet."
    client.logout()
    assert 'class="follow-controls"' not in client.get(page).content.decode()
