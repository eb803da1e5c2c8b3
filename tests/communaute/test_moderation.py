"""Moderation and trust (issue 6, part B): reports, hidden content, topics, suspensions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from communaute.models import (
    Flag,
    ModerationAction,
    Notification,
    Space,
    SpaceMembership,
    Suspension,
    Topic,
)
from communaute.services import moderation
from communaute.services.forum import create_topic, reply
from tests.communaute.factories import MemberFactory
from tests.communaute.moderation_helpers import ROLES, attempt, make_animator, make_space, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return make_space("Diffusion et tournées")


@pytest.fixture
def other_space():
    return make_space("Outils numériques")


@pytest.fixture
def conversation(space, member, other_member):
    topic, opening = create_topic(space, author=member, title="Partager un camion", body="Qui ?")
    answer = reply(topic, author=other_member, body="Moi, en avril.")
    return topic, opening, answer


def counters(topic):
    topic.refresh_from_db()
    space = Space.objects.get(pk=topic.space_id)
    return topic.post_count, space.topic_count, space.post_count


def test_a_member_reports_a_post_once_and_the_animators_hear_of_it(space, conversation, member):
    _topic, _opening, answer = conversation
    animator = make_animator(space)
    flag, created = moderation.report_post(
        answer, reporter=member, reason=Flag.Reason.DISRESPECT, comment="Le ton blesse."
    )
    again, created_again = moderation.report_post(answer, reporter=member, reason="spam")
    assert created and not created_again and again == flag
    assert Flag.objects.count() == 1
    notification = Notification.objects.get(recipient=animator, kind="post_flagged")
    assert "Propos irrespectueux" in notification.describe()
    assert not Notification.objects.filter(recipient=answer.author).exists()


def test_nobody_reports_their_own_post_or_a_post_they_cannot_read(conversation, member):
    _topic, opening, _answer = conversation
    with pytest.raises(PermissionDenied):
        moderation.report_post(opening, reporter=member, reason="spam")
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    insider = make_animator(private)
    _topic, secret = create_topic(private, author=insider, title="Entre nous", body="Chut")
    with pytest.raises(PermissionDenied):
        moderation.report_post(secret, reporter=member, reason="spam")


def test_hiding_a_reply_closes_its_reports_updates_counters_and_tells_everyone_why(
    space, conversation, member, other_member, django_capture_on_commit_callbacks
):
    topic, _opening, answer = conversation
    animator = make_animator(space)
    moderation.report_post(answer, reporter=member, reason="spam")
    assert counters(topic) == (2, 1, 2)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(answer, actor=animator, reason="Publicité sans lien avec l'espace.")
    assert counters(topic) == (1, 1, 1)
    assert Flag.objects.get().status == Flag.Status.RESOLVED
    decision = Notification.objects.get(recipient=other_member, kind="moderation_decision")
    assert "a été masqué" in decision.describe()
    assert "Publicité sans lien avec l'espace." in decision.describe()
    assert "masqué" in Notification.objects.get(recipient=member, kind="flag_reviewed").describe()
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.actor, entry.member, entry.post) == (
        ModerationAction.Kind.HIDE_POST,
        animator,
        other_member,
        answer,
    )
    assert any("Publicité sans lien" in message.body for message in mail.outbox)

    moderation.restore_post(answer, actor=animator, reason="Erreur de ma part, désolée.")
    assert counters(topic) == (2, 1, 2)
    assert ModerationAction.objects.count() == 2


def test_hiding_the_opening_post_hides_the_whole_topic(space, conversation, member):
    topic, opening, _answer = conversation
    moderator = make_animator(space)
    moderation.hide_post(opening, actor=moderator, reason="Données personnelles exposées.")
    topic.refresh_from_db()
    assert topic.hidden_at is not None
    assert counters(topic) == (1, 0, 0)
    moderation.restore_post(opening, actor=moderator, reason="Les données sont retirées.")
    topic.refresh_from_db()
    assert topic.hidden_at is None
    assert counters(topic) == (2, 1, 2)


def test_every_moderation_action_asks_for_a_reason(space, conversation, other_space):
    topic, opening, _answer = conversation
    animator = make_animator(space)
    for write in (
        lambda: moderation.hide_post(opening, actor=animator, reason="  "),
        lambda: moderation.set_topic_pinned(topic, actor=animator, pinned=True, reason=""),
        lambda: moderation.set_topic_locked(topic, actor=animator, locked=True, reason=""),
    ):
        with pytest.raises(ValidationError) as refusal:
            write()
        assert "raison" in refusal.value.message_dict["reason"][0]
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_spaces_moderators_hide_pin_lock_and_move(role, space, other_space, conversation):
    topic, _opening, answer = conversation
    actor, allowed = people(space, other_space)[role]
    writes = [
        lambda: moderation.hide_post(answer, actor=actor, reason="Raison"),
        lambda: moderation.restore_post(answer, actor=actor, reason="Raison"),
        lambda: moderation.set_topic_pinned(topic, actor=actor, pinned=True, reason="Raison"),
        lambda: moderation.set_topic_locked(topic, actor=actor, locked=True, reason="Raison"),
    ]
    attempt(writes, allowed=allowed)
    assert ModerationAction.objects.count() == (4 if allowed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_moderate_both_spaces_move_a_topic_from_the_site(
    client, role, space, other_space, conversation
):
    topic, _opening, _answer = conversation
    actor, allowed = people(space, other_space)[role]
    if role == "animator of the space":
        # Moving needs both ends: this animator also animates the destination.
        SpaceMembership.objects.create(
            space=other_space, member=actor, role=SpaceMembership.Role.ANIMATOR
        )
    client.force_login(actor)
    response = client.post(
        f"/communaute/sujets/{topic.pk}/moderer/",
        {"action": "move", "space": other_space.pk, "reason": "Mieux là-bas"},
    )
    assert response.status_code == (302 if allowed else 403)
    assert Topic.objects.get().space == (other_space if allowed else space)
    assert ModerationAction.objects.filter(kind="move_topic").count() == (1 if allowed else 0)


# Suspending is for the moderators of the whole portal, not for the animators of one space.
SUSPENDERS = {"Animation group", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_only_portal_moderators_suspend_and_lift_suspensions(role, space, other_space, member):
    actor, _moderates_the_space = people(space, other_space)[role]
    allowed = role in SUSPENDERS
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    earlier = moderation.suspend_member(member, actor=superuser, days=3, reason="Pourriel.")
    target = MemberFactory()
    writes = [
        lambda: moderation.suspend_member(target, actor=actor, days=1, reason="Pause"),
        lambda: moderation.lift_suspension(earlier, actor=actor, reason="Malentendu"),
    ]
    attempt(writes, allowed=allowed)
    assert Suspension.objects.filter(member=target).exists() is allowed
    earlier.refresh_from_db()
    assert (earlier.lifted_at is not None) is allowed


def test_moving_a_topic_needs_both_spaces_and_carries_its_counters(
    space, other_space, conversation
):
    topic, _opening, _answer = conversation
    animator = make_animator(space)
    with pytest.raises(PermissionDenied):
        moderation.move_topic(topic, actor=animator, space=other_space, reason="Mieux là-bas")
    moderator = MemberFactory(roles=["Animation"])
    moderation.move_topic(topic, actor=moderator, space=other_space, reason="Mieux là-bas")
    topic.refresh_from_db()
    space.refresh_from_db()
    other_space.refresh_from_db()
    assert topic.space == other_space
    assert (space.topic_count, space.post_count) == (0, 0)
    assert (other_space.topic_count, other_space.post_count) == (1, 2)
    entry = ModerationAction.objects.get()
    assert entry.details == {"from": space.name, "to": other_space.name}
    assert "Outils numériques" in Notification.objects.get(kind="moderation_decision").describe()


def test_a_suspended_member_reads_but_cannot_write_and_knows_until_when(
    client, space, conversation, other_member
):
    topic, _opening, _answer = conversation
    moderator = MemberFactory(roles=["Animation"])
    moderation.suspend_member(other_member, actor=moderator, days=7, reason="Messages répétés.")
    with pytest.raises(PermissionDenied) as refusal:
        reply(topic, author=other_member, body="Encore moi")
    assert "suspendu jusqu'au" in str(refusal.value)
    client.force_login(other_member)
    page = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    assert "Votre compte est suspendu jusqu&#x27;au" in page or "suspendu jusqu'au" in page
    assert "Messages répétés." in page
    assert 'id="reply-heading"' not in page
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Contournement"})
    assert response.status_code == 403
    until = date_format(timezone.localtime(Suspension.objects.get().ends_at), "DATETIME_FORMAT")
    described = Notification.objects.get(kind="moderation_decision").describe()
    assert f"suspendu jusqu'au {until}" in described and "Messages répétés." in described


def test_a_lifted_or_ended_suspension_gives_the_pen_back(space, conversation, other_member):
    topic, _opening, _answer = conversation
    moderator = MemberFactory(roles=["Animation"])
    suspension = moderation.suspend_member(other_member, actor=moderator, days=1, reason="Pause")
    moderation.lift_suspension(suspension, actor=moderator, reason="Malentendu réglé.")
    other_member.refresh_from_db()
    reply(topic, author=other_member, body="Merci !")
    with pytest.raises(PermissionDenied):
        moderation.suspend_member(moderator, actor=other_member, days=1, reason="Revanche")
    assert ModerationAction.objects.filter(kind="lift_suspension").count() == 1


def test_a_suspended_moderator_neither_suspends_nor_lifts_a_suspension(
    space, conversation, member, other_member
):
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    moderator = MemberFactory(roles=["Animation"])
    own = moderation.suspend_member(moderator, actor=superuser, days=2, reason="Un différend.")
    others = moderation.suspend_member(other_member, actor=superuser, days=2, reason="Pourriel.")
    with pytest.raises(PermissionDenied):
        moderation.suspend_member(member, actor=moderator, days=1, reason="Revanche")
    with pytest.raises(PermissionDenied):
        moderation.lift_suspension(others, actor=moderator, reason="Entre nous.")
    with pytest.raises(PermissionDenied):
        moderation.lift_suspension(own, actor=moderator, reason="Je me gracie.")
    assert Suspension.objects.filter(lifted_at__isnull=True).count() == 2
    moderation.lift_suspension(own, actor=superuser, reason="Différend réglé.")
    moderator = type(moderator).objects.get(pk=moderator.pk)  # forgets what it knew
    moderation.lift_suspension(others, actor=moderator, reason="Malentendu.")


def test_a_suspended_animator_no_longer_sees_hidden_posts(
    client, space, conversation, other_member
):
    _topic, _opening, answer = conversation
    animator = make_animator(space)
    moderation.hide_post(answer, actor=animator, reason="Propos blessants.")
    client.force_login(animator)
    page = other_member.get_absolute_url()
    assert "Moi, en avril." in client.get(page).content.decode()
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    moderation.suspend_member(animator, actor=superuser, days=2, reason="Un différend.")
    assert "Moi, en avril." not in client.get(page).content.decode()


def test_suspensions_last_one_to_a_year(space, other_member):
    moderator = MemberFactory(roles=["Animation"])
    for days in (0, 366):
        with pytest.raises(ValidationError):
            moderation.suspend_member(other_member, actor=moderator, days=days, reason="Pause")


# Hidden content, as members and moderators see it -------------------------------------------


def test_hidden_content_is_invisible_to_members_and_marked_for_moderators(
    client, space, conversation, member, other_member
):
    topic, opening, answer = conversation
    animator = make_animator(space)
    moderation.hide_post(answer, actor=animator, reason="Hors sujet.")
    reader = MemberFactory()
    topic_path = f"/communaute/sujets/{topic.pk}-{topic.slug}/"
    client.force_login(reader)
    assert "Moi, en avril." not in client.get(topic_path).content.decode()
    client.force_login(other_member)  # its author sees it, marked, to understand why
    html = client.get(topic_path).content.decode()
    assert "Moi, en avril." in html and "Masqué par l'équipe d'animation" in html
    client.force_login(animator)
    html = client.get(topic_path).content.decode()
    assert "Moi, en avril." in html and "Rétablir" in html

    moderation.hide_post(opening, actor=animator, reason="Hors sujet aussi.")
    client.force_login(reader)
    assert client.get(topic_path).status_code == 404
    assert (
        "Partager un camion"
        not in client.get("/communaute/espaces/diffusion-et-tournees/").content.decode()
    )
    client.force_login(animator)
    listing = client.get("/communaute/espaces/diffusion-et-tournees/").content.decode()
    assert "Partager un camion" in listing and "Masqué aux membres" in listing


def test_search_and_library_leave_hidden_posts_out_for_members(client, space, member, other_member):
    topic, _opening = create_topic(
        space, author=member, title="Subventions", body="Voir https://exemple.org/guide"
    )
    answer = reply(topic, author=other_member, body="Achetez https://pourriel.example/promo")
    moderation.hide_post(answer, actor=make_animator(space), reason="Publicité.")
    reader = MemberFactory()
    client.force_login(reader)
    library = client.get("/communaute/espaces/diffusion-et-tournees/documents/").content.decode()
    assert "exemple.org/guide" in library and "pourriel" not in library
    assert "Achetez" not in client.get("/recherche/", {"q": "achetez"}).content.decode()
    moderator = MemberFactory(roles=["Animation"])
    client.force_login(moderator)
    found = client.get("/recherche/", {"q": "achetez"}).content.decode()
    assert "masqué aux membres" in found


# Pages and direct addresses -----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_moderation_pages_answer_only_to_moderators(client, role, space, other_space, conversation):
    topic, _opening, answer = conversation
    actor, allowed = people(space, other_space)[role]
    client.force_login(actor)
    for path in (
        f"/communaute/messages/{answer.pk}/masquer/",
        f"/communaute/sujets/{topic.pk}/moderer/",
    ):
        assert client.get(path).status_code == (200 if allowed else 403), path
        response = client.post(path, {"reason": "Essai", "action": "lock"})
        assert response.status_code == (302 if allowed else 403), path
    topic.refresh_from_db()
    assert topic.is_locked is allowed


def test_visitors_are_sent_to_sign_in_and_outsiders_of_a_private_space_find_nothing(client, member):
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    insider = make_animator(private)
    topic, post = create_topic(private, author=insider, title="Entre nous", body="Chut")
    for path in (
        f"/communaute/messages/{post.pk}/signaler/",
        f"/communaute/messages/{post.pk}/masquer/",
        f"/communaute/sujets/{topic.pk}/moderer/",
    ):
        assert client.get(path)["Location"].startswith("/comptes/login/")
    client.force_login(MemberFactory(roles=["Animation"]))
    for path in (
        f"/communaute/messages/{post.pk}/masquer/",
        f"/communaute/sujets/{topic.pk}/moderer/",
    ):
        assert client.get(path).status_code == 404


def test_reporting_through_the_form_and_refusals_keep_the_comment(client, conversation, member):
    _topic, _opening, answer = conversation
    client.force_login(member)
    path = f"/communaute/messages/{answer.pk}/signaler/"
    response = client.post(path, {"comment": "Ce lien semble douteux."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient" in html and "Ce lien semble douteux." in html
    response = client.post(path, {"reason": "spam", "comment": "Ce lien semble douteux."})
    assert response.status_code == 302
    assert Flag.objects.get().comment == "Ce lien semble douteux."


def test_a_moderator_hides_a_post_from_the_site_with_a_reason(client, space, conversation):
    _topic, _opening, answer = conversation
    client.force_login(make_animator(space))
    path = f"/communaute/messages/{answer.pk}/masquer/"
    response = client.post(path, {"reason": ""})
    assert response.status_code == 200 and "Le formulaire contient" in response.content.decode()
    client.post(path, {"reason": "Propos blessants."})
    answer.refresh_from_db()
    assert answer.is_hidden


def test_moving_from_the_site_offers_only_spaces_the_moderator_moderates(
    client, space, other_space, conversation
):
    topic, _opening, _answer = conversation
    animator = make_animator(space)
    client.force_login(animator)
    page = client.get(f"/communaute/sujets/{topic.pk}/moderer/").content.decode()
    assert "Outils numériques" not in page
    response = client.post(
        f"/communaute/sujets/{topic.pk}/moderer/",
        {"action": "move", "space": other_space.pk, "reason": "Mieux là-bas"},
    )
    assert response.status_code == 200
    assert Topic.objects.get().space == space


# Gentle limits -------------------------------------------------------------------------------


def test_a_first_post_may_hold_two_links(client, space):
    client.force_login(MemberFactory())
    body = "Voyez https://a.example https://b.example https://c.example"
    response = client.post(
        "/communaute/espaces/diffusion-et-tournees/nouveau-sujet/",
        {"title": "Trois liens utiles", "body": body, "checked_similar": "on"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "au plus 2 liens" in html and "https://c.example" in html
    assert not Topic.objects.exists()


def test_flooding_is_refused_for_everyone_with_the_text_kept(client, space, conversation, member):
    topic, _opening, _answer = conversation
    for number in range(5):
        reply(topic, author=member, body=f"Réponse {number}")  # an established member
    client.force_login(member)
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Et encore !"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "moins d&#x27;une minute" in html and "Et encore !" in html


def test_moderators_are_not_limited(space, conversation):
    topic, _opening, _answer = conversation
    from communaute.permissions.viewer import Viewer
    from communaute.services.posting_limits import check_posting_limits

    moderator = MemberFactory(roles=["Animation"])
    for number in range(6):
        reply(topic, author=moderator, body=f"Annonce {number}")
    check_posting_limits(Viewer(moderator), space=topic.space, links=10)


THREE_LINKS = "Voyez https://a.example https://b.example https://c.example"


def edit_page(client, post, body):
    return client.post(f"/communaute/messages/{post.pk}/modifier/", {"body": body})


def test_a_newcomer_cannot_edit_a_first_post_into_more_links_than_it_could_hold(client, space):
    newcomer = MemberFactory()
    _topic, first = create_topic(
        space, author=newcomer, title="Liens utiles", body="Voyez https://a.example"
    )
    client.force_login(newcomer)
    response = edit_page(client, first, THREE_LINKS)
    html = response.content.decode()
    assert "au plus 2 liens" in html and "https://c.example" in html
    first.refresh_from_db()
    assert first.body == "Voyez https://a.example" and not first.revisions.exists()
    assert edit_page(client, first, "Voyez https://a.example https://b.example").status_code == 302


def test_later_posts_and_members_who_took_part_edit_links_freely(client, space):
    newcomer = MemberFactory()
    topic, first = create_topic(space, author=newcomer, title="Liens", body="Bonjour")
    second = reply(topic, author=newcomer, body="Et aussi")
    client.force_login(newcomer)
    assert edit_page(client, second, THREE_LINKS).status_code == 302
    for number in range(3):
        reply(topic, author=newcomer, body=f"Réponse {number}")
    assert edit_page(client, first, THREE_LINKS).status_code == 302
    first.refresh_from_db()
    assert first.body == THREE_LINKS


def test_an_animator_is_no_newcomer_in_the_space_they_animate(client, space, other_space):
    animator = make_animator(space)
    client.force_login(animator)
    response = client.post(
        f"/communaute/espaces/{other_space.slug}/nouveau-sujet/",
        {"title": "Trois liens utiles", "body": THREE_LINKS, "checked_similar": "on"},
    )
    assert response.status_code == 400 and "au plus 2 liens" in response.content.decode()
    response = client.post(
        f"/communaute/espaces/{space.slug}/nouveau-sujet/",
        {"title": "Trois liens utiles", "body": THREE_LINKS, "checked_similar": "on"},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(space=space)
    for number in range(3):
        reply(topic, author=animator, body=f"Bienvenue {number}")
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Encore ?"})
    # Flooding still is flooding: nobody but moderators posts four times a minute.
    assert response.status_code == 400
    for number, post in enumerate(topic.posts.all()):
        post.created_at = timezone.now() - timedelta(minutes=5 + number)
        post.save(update_fields=["created_at"])
    assert (
        client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Encore ?"}).status_code
        == 302
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_the_spaces_moderators_dismiss_a_report_in_the_site(
    client, role, space, other_space, conversation, member
):
    _topic, _opening, answer = conversation
    flag, _created = moderation.report_post(answer, reporter=member, reason="spam")
    actor, allowed = people(space, other_space)[role]
    client.force_login(actor)
    path = f"/communaute/signalements/{flag.pk}/classer/"
    assert client.get(path).status_code == (200 if allowed else 403)
    response = client.post(path, {"reason": "Rien d'anormal."})
    assert response.status_code == (302 if allowed else 403)
    flag.refresh_from_db()
    assert flag.status == (Flag.Status.DISMISSED if allowed else Flag.Status.OPEN)


def test_a_dismissal_without_a_reason_is_sent_back(client, space, conversation, member):
    _topic, _opening, answer = conversation
    flag, _created = moderation.report_post(answer, reporter=member, reason="spam")
    client.force_login(make_animator(space))
    response = client.post(f"/communaute/signalements/{flag.pk}/classer/", {"reason": ""})
    assert response.status_code == 200 and "Le formulaire contient" in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == Flag.Status.OPEN


def test_files_of_a_hidden_post_go_only_to_moderators_and_its_author(
    client, space, member, other_member
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.core.sample_files import minimal_pdf

    topic, _opening = create_topic(space, author=member, title="Contrats", body="Qui en a ?")
    upload = SimpleUploadedFile("contrat.pdf", minimal_pdf("contrat"), "application/pdf")
    answer = reply(topic, author=other_member, body="Le voici", attachments=[upload])
    attachment = answer.attachments.get()
    animator = make_animator(space)
    moderation.hide_post(answer, actor=animator, reason="Document confidentiel.")
    path = f"/communaute/fichiers/{attachment.pk}/"
    client.force_login(MemberFactory())
    assert client.get(path).status_code == 404
    for person in (other_member, animator):
        client.force_login(person)
        assert client.get(path).status_code == 200


def test_nobody_replies_into_a_hidden_topic_by_its_address(client, space, conversation):
    topic, opening, _answer = conversation
    moderation.hide_post(opening, actor=make_animator(space), reason="À revoir.")
    client.force_login(MemberFactory())
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Coucou"})
    assert response.status_code == 404


def test_a_suspended_member_is_not_offered_to_write_or_join(client, space, other_member):
    moderator = MemberFactory(roles=["Animation"])
    moderation.suspend_member(other_member, actor=moderator, days=2, reason="Pause.")
    client.force_login(other_member)
    html = client.get("/communaute/espaces/diffusion-et-tournees/").content.decode()
    assert "Lancer un sujet" not in html and "Demander à rejoindre" not in html
    assert "suspendu jusqu" in html


def test_members_cannot_react_to_a_hidden_post_by_its_address(client, space, conversation):
    _topic, _opening, answer = conversation
    moderation.hide_post(answer, actor=make_animator(space), reason="Hors sujet.")
    client.force_login(MemberFactory())
    response = client.post(f"/communaute/messages/{answer.pk}/reagir/", {"kind": "merci"})
    assert response.status_code == 404


def test_moderators_find_hidden_documents_marked_in_the_library(client, space, member):
    topic, _opening = create_topic(space, author=member, title="Guides", body="Voici")
    answer = reply(topic, author=MemberFactory(), body="https://pourriel.example/promo")
    animator = make_animator(space)
    moderation.hide_post(answer, actor=animator, reason="Publicité.")
    client.force_login(animator)
    html = client.get("/communaute/espaces/diffusion-et-tournees/documents/").content.decode()
    assert "pourriel.example" in html and "Masqué aux membres" in html


def test_a_moderator_moves_a_topic_from_the_site(client, space, other_space, conversation):
    topic, _opening, _answer = conversation
    client.force_login(MemberFactory(roles=["Animation"]))
    response = client.post(
        f"/communaute/sujets/{topic.pk}/moderer/",
        {"action": "move", "space": other_space.pk, "reason": "Il parle d'outils."},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.space == other_space
    response = client.post(
        f"/communaute/sujets/{topic.pk}/moderer/", {"action": "move", "reason": "Encore"}
    )
    assert "Choisissez l&#x27;espace" in response.content.decode() or "Choisissez l'espace" in (
        response.content.decode()
    )


def test_the_topic_page_costs_moderators_a_bounded_number_of_queries(
    client, space, conversation, django_assert_max_num_queries
):
    topic, _opening, _answer = conversation
    animator = make_animator(space)
    path = f"/communaute/sujets/{topic.pk}-{topic.slug}/"
    client.force_login(animator)
    client.get(path)  # warms the site's settings and menus
    with django_assert_max_num_queries(26):
        client.get(path)
    for number in range(18):
        post = reply(topic, author=MemberFactory(), body=f"Avis {number}")
        moderation.report_post(post, reporter=MemberFactory(), reason="spam")
        if number % 2:
            moderation.hide_post(post, actor=animator, reason="Publicité.")
    with django_assert_max_num_queries(26):
        html = client.get(path).content.decode()
    assert html.count("signalement à examiner") == 9
    assert html.count("post--hidden") == 9


def test_a_suspension_can_be_lifted_after_the_member_joined_the_staff(other_member):
    moderator = MemberFactory(roles=["Animation"])
    suspension = moderation.suspend_member(other_member, actor=moderator, days=5, reason="Pause")
    type(other_member).objects.filter(pk=other_member.pk).update(is_staff=True)
    other_member.refresh_from_db()
    # Staff are not suspended, but a suspension from before must still have an end.
    with pytest.raises(PermissionDenied):
        moderation.suspend_member(other_member, actor=moderator, days=1, reason="Encore")
    moderation.lift_suspension(suspension, actor=moderator, reason="Rejoint l'équipe.")
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None


def test_a_suspended_member_cannot_report_a_post(client, member, other_member):
    space = make_space("Diffusion")
    _topic, post = create_topic(space, author=other_member, title="Salle", body="Libre ?")
    moderator = MemberFactory(roles=["Animation"])
    moderation.suspend_member(member, actor=moderator, days=3, reason="Pourriel.")
    client.force_login(member)
    for response in (
        client.get(f"/communaute/messages/{post.pk}/signaler/"),
        client.post(f"/communaute/messages/{post.pk}/signaler/", {"reason": "spam"}),
    ):
        assert response.status_code == 403
        assert "suspendu" in response.content.decode()
    assert not Flag.objects.exists()
    with pytest.raises(PermissionDenied):
        moderation.report_post(post, reporter=member, reason="spam")
