"""Animators manage their space's members: invitations, roles, removals."""

import re

import pytest

from communaute.models import JoinRequest, Notification, Space, SpaceMembership
from communaute.selectors.spaces import join_link_token
from communaute.services.forum import create_topic, join_space
from passerelles.core.links import absolute_url
from tests.communaute.factories import MemberFactory
from tests.communaute.helpers import join_link
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(member):
    space = make_space("Cercle des diffuseurs", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=space, member=member, role=SpaceMembership.Role.ANIMATOR)
    return space


def members_url(space, suffix=""):
    return f"/communaute/espaces/{space.slug}/{suffix}"


def test_an_animator_invites_a_member_who_accepts_and_enters_the_private_space(
    client, circle, member, other_member
):
    client.force_login(member)
    response = client.post(members_url(circle, "inviter/"), {"who": other_member.email})
    assert response.status_code == 302
    invitation = JoinRequest.objects.get(member=other_member)
    assert invitation.is_invitation and invitation.status == JoinRequest.Status.PENDING
    notification = Notification.objects.get(recipient=other_member)
    assert (
        notification.kind == "space_invitation" and notification.url == "/communaute/invitations/"
    )

    client.force_login(other_member)
    assert client.get(members_url(circle)).status_code == 404  # not a member yet
    html = client.get("/communaute/").content.decode()
    assert "Vous avez une invitation à rejoindre un espace." in html
    html = client.get("/communaute/invitations/").content.decode()
    assert "Cercle des diffuseurs" in html
    response = client.post(
        "/communaute/invitations/", {"invitation": invitation.pk, "decision": "accept"}
    )
    assert response.status_code == 302 and response.url == members_url(circle)
    assert SpaceMembership.objects.filter(space=circle, member=other_member).exists()
    assert Notification.objects.get(recipient=member).kind == "space_invitation_answered"


def test_a_declined_invitation_leaves_the_space_closed(client, circle, member, other_member):
    client.force_login(member)
    client.post(members_url(circle, "inviter/"), {"who": f"@{other_member.handle}"})
    invitation = JoinRequest.objects.get(member=other_member)
    client.force_login(other_member)
    client.post("/communaute/invitations/", {"invitation": invitation.pk, "decision": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == JoinRequest.Status.DECLINED
    assert not SpaceMembership.objects.filter(space=circle, member=other_member).exists()


def test_nobody_answers_an_invitation_meant_for_someone_else(client, circle, member, other_member):
    client.force_login(member)
    client.post(members_url(circle, "inviter/"), {"who": other_member.email})
    invitation = JoinRequest.objects.get(member=other_member)
    client.force_login(MemberFactory())
    response = client.post(
        "/communaute/invitations/", {"invitation": invitation.pk, "decision": "accept"}
    )
    assert response.status_code == 404
    assert SpaceMembership.objects.filter(space=circle).count() == 1


def test_inviting_someone_who_asked_already_leaves_the_request_to_decide(
    client, circle, member, other_member
):
    request = join_space(circle, member=other_member, message="J'aimerais participer.")
    client.force_login(member)
    client.post(members_url(circle, "inviter/"), {"who": other_member.email})
    # Accepting here would show the animator whose address it is: the request waits in its list.
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.PENDING and not request.is_invitation
    assert not SpaceMembership.objects.filter(space=circle, member=other_member).exists()
    # Asking to join after an invitation accepts it.
    newcomer = MemberFactory()
    client.post(members_url(circle, "inviter/"), {"who": newcomer.email})
    join_space(circle, member=newcomer)
    assert SpaceMembership.objects.filter(space=circle, member=newcomer).exists()


def _without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_the_invitation_form_answers_alike_whoever_is_behind_the_address(
    client, circle, member, other_member
):
    """An animator cannot learn from the form whether an address has an account, nor whose."""
    hugo = MemberFactory(display_name="Hugo Dumas", email="hugo@exemple.ca")
    asking = MemberFactory(display_name="Léa Asking")
    join_space(circle, member=asking, message="Bonjour")
    SpaceMembership.objects.create(space=circle, member=other_member)
    client.force_login(member)
    addresses = [
        "personne@exemple.ca",  # nobody
        "HUGO@exemple.ca",  # a member, not in the space
        other_member.email,  # a member of the space already
        asking.email,  # someone who asked to join
        "@personne-du-tout",
        f"@{hugo.handle}",  # invited already, by address above
    ]
    answers = []
    for who in addresses:
        response = client.post(members_url(circle, "inviter/"), {"who": who})
        page = client.get(response["Location"])
        answers.append(
            (response.status_code, response["Location"], _without_csrf(page.content.decode()))
        )
    assert answers[0][0] == 302
    assert all(answer == answers[0] for answer in answers)
    html = answers[0][2]
    assert "Si cette adresse correspond à un compte, la personne recevra l&#x27;invitation." in html
    assert "Hugo Dumas" not in html
    # Hugo alone was invited, once, and told.
    invitation = JoinRequest.objects.get(space=circle, member=hugo)
    assert invitation.is_invitation and invitation.status == JoinRequest.Status.PENDING
    assert Notification.objects.filter(recipient=hugo, kind="space_invitation").count() == 1
    assert not JoinRequest.objects.filter(space=circle, member=other_member).exists()


def test_an_invitation_without_any_text_is_refused_and_kept_on_the_page(client, circle, member):
    client.force_login(member)
    response = client.post(members_url(circle, "inviter/"), {"who": "   "})
    assert response.status_code == 400
    assert "Champ requis." in response.content.decode()


def test_an_animator_hands_over_animation_then_steps_back(client, circle, member, other_member):
    SpaceMembership.objects.create(space=circle, member=other_member)
    client.force_login(member)
    # The only animator cannot step back before someone else animates.
    response = client.post(
        members_url(circle, f"membres/{member.pk}/role/"), {"role": "member"}, follow=True
    )
    assert "garde toujours au moins une personne" in response.content.decode()
    client.post(members_url(circle, f"membres/{other_member.pk}/role/"), {"role": "animator"})
    client.post(members_url(circle, f"membres/{member.pk}/role/"), {"role": "member"})
    roles = dict(SpaceMembership.objects.filter(space=circle).values_list("member_id", "role"))
    assert roles == {member.pk: "member", other_member.pk: "animator"}


def test_removing_a_member_asks_for_confirmation_and_tells_them(
    client, circle, member, other_member
):
    SpaceMembership.objects.create(space=circle, member=other_member)
    client.force_login(member)
    url = members_url(circle, f"membres/{other_member.pk}/retirer/")
    html = client.get(url).content.decode()
    assert "Retirer de l&#x27;espace" in html or "Retirer de l'espace" in html
    assert SpaceMembership.objects.filter(space=circle, member=other_member).exists()
    client.post(url)
    assert not SpaceMembership.objects.filter(space=circle, member=other_member).exists()
    assert Notification.objects.get(recipient=other_member).kind == "space_membership_ended"


@pytest.mark.parametrize("who", ["visitor", "member of the space", "animator elsewhere"])
def test_only_the_spaces_animators_manage_its_members(client, circle, other_member, who):
    SpaceMembership.objects.create(space=circle, member=other_member)
    if who == "member of the space":
        client.force_login(other_member)
    elif who == "animator elsewhere":
        elsewhere = make_space("Ailleurs", Space.Visibility.PUBLIC)
        animator = MemberFactory()
        SpaceMembership.objects.create(
            space=elsewhere, member=animator, role=SpaceMembership.Role.ANIMATOR
        )
        client.force_login(animator)
    target = f"membres/{other_member.pk}/"
    responses = [
        client.get(members_url(circle, "membres/")),
        client.post(members_url(circle, "inviter/"), {"who": "x@exemple.ca"}),
        client.post(members_url(circle, target + "role/"), {"role": "animator"}),
        client.get(members_url(circle, target + "retirer/")),
        client.post(members_url(circle, target + "retirer/")),
    ]
    expected = {"visitor": {302}, "member of the space": {403}, "animator elsewhere": {404}}[who]
    assert {response.status_code for response in responses} == expected
    assert SpaceMembership.objects.get(space=circle, member=other_member).role == "member"


def test_the_members_page_costs_the_same_for_many_members(
    client, circle, member, django_assert_max_num_queries
):
    client.force_login(member)
    for count in (3, 60):
        while SpaceMembership.objects.filter(space=circle).count() < count:
            SpaceMembership.objects.create(space=circle, member=MemberFactory())
        with django_assert_max_num_queries(20, info=str(count)):
            response = client.get(members_url(circle, "membres/"))
        assert response.status_code == 200


def test_animators_find_the_join_link_of_their_private_space_on_the_members_page(
    client, circle, member
):
    client.force_login(member)
    html = client.get(members_url(circle, "membres/")).content.decode()
    # The address to share is the site's own (SITE_URL), whatever host the page came from.
    assert absolute_url(join_link(circle)) in html


def test_the_join_link_shows_only_the_name_and_description_and_takes_a_request(
    client, circle, member, other_member
):
    circle.description = "Les diffuseurs de l'Atlantique."
    circle.save()
    create_topic(circle, author=member, title="Calendrier confidentiel", body="Entre nous")
    client.force_login(other_member)
    response = client.get(join_link(circle))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cercle des diffuseurs" in html and "diffuseurs de l&#x27;Atlantique" in html
    assert "Calendrier confidentiel" not in html and "Demander à rejoindre l'espace" in html

    response = client.post(join_link(circle), {"message": "Je diffuse à Moncton."})
    assert response.status_code == 302 and response["Location"] == join_link(circle)
    join_request = JoinRequest.objects.get(space=circle, member=other_member)
    assert join_request.message == "Je diffuse à Moncton." and not join_request.is_invitation
    assert Notification.objects.get(recipient=member).kind == "join_request_created"
    assert not SpaceMembership.objects.filter(space=circle, member=other_member).exists()


def test_a_pending_request_is_shown_on_the_join_link_and_not_sent_twice(
    client, circle, member, other_member
):
    join_space(circle, member=other_member)
    client.force_login(other_member)
    html = client.get(join_link(circle)).content.decode()
    assert "Votre demande pour rejoindre cet espace attend une réponse." in html
    assert "<form" not in html.split("<main", 1)[1]
    client.post(join_link(circle))
    assert JoinRequest.objects.filter(space=circle, member=other_member).count() == 1
    assert Notification.objects.filter(recipient=member).count() == 1


def test_a_member_of_the_space_following_its_join_link_lands_in_the_space(client, circle, member):
    client.force_login(member)
    response = client.get(join_link(circle))
    assert response.status_code == 302 and response["Location"] == members_url(circle)


def test_a_visitor_on_the_join_link_is_asked_to_sign_in_and_comes_back(client, circle):
    html = client.get(join_link(circle)).content.decode()
    assert "Cercle des diffuseurs" in html
    assert f'href="/comptes/login/?next={join_link(circle).replace(":", "%3A")}"' in html
    response = client.post(join_link(circle))
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/?next=")
    assert not JoinRequest.objects.exists()


def test_a_forged_join_link_leads_nowhere(client, circle, other_member):
    client.force_login(other_member)
    token = join_link_token(circle)
    assert client.get(f"/communaute/rejoindre/{token}x/").status_code == 404
    assert client.get(f"/communaute/rejoindre/{circle.pk}/").status_code == 404
    # Another signed value (an unsubscribe token) is no join link either.
    from communaute.notifications.emails import unsubscribe_token

    assert (
        client.get(f"/communaute/rejoindre/{unsubscribe_token(other_member)}/").status_code == 404
    )


def test_an_animator_replaces_the_join_link_and_the_old_one_leads_nowhere(
    client, circle, member, other_member
):
    old_link = join_link(circle)
    client.force_login(member)
    assert client.get(members_url(circle, "membres/nouveau-lien/")).status_code == 405
    response = client.post(members_url(circle, "membres/nouveau-lien/"), follow=True)
    assert "celui d&#x27;avant ne mène plus nulle part" in response.content.decode()
    circle.refresh_from_db()
    new_link = join_link(circle)
    assert new_link != old_link
    assert absolute_url(new_link) in response.content.decode()
    client.force_login(other_member)
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_only_the_spaces_animators_replace_its_join_link(client, circle, member, other_member):
    link = join_link(circle)
    plain = MemberFactory()
    SpaceMembership.objects.create(space=circle, member=plain)
    client.force_login(plain)
    assert client.post(members_url(circle, "membres/nouveau-lien/")).status_code == 403
    client.force_login(other_member)  # an outsider: the space does not exist for them
    assert client.post(members_url(circle, "membres/nouveau-lien/")).status_code == 404
    client.logout()
    response = client.post(members_url(circle, "membres/nouveau-lien/"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert join_link(Space.objects.get(pk=circle.pk)) == link
