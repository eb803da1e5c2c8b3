import re
import threading
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from communaute.models import Invitation, Member, Space, SpaceMembership
from communaute.services.invitations import (
    INVITATIONS_PER_DAY,
    invite_people,
    refuse_invitations,
)
from communaute.services.moderation import suspend_member
from tests.communaute.factories import MemberFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Chloé Invitée",
    "password1": "une-phrase-de-passe-longue",
    "password2": "une-phrase-de-passe-longue",
}


def links(message):
    """The accept and refuse links of the French half of an invitation email."""
    found = re.findall(r"https?://[^/\s]+(/comptes/invitation/\S+)", message.body)
    accept = next(link for link in found if not link.endswith("ne-plus-recevoir/"))
    refuse = next(link for link in found if link.endswith("ne-plus-recevoir/"))
    return accept, refuse


@pytest.fixture
def inviter():
    return MemberFactory(display_name="Sophie Gagnon")


@pytest.fixture
def space(inviter):
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    SpaceMembership.objects.create(space=space, member=inviter)
    return space


@pytest.fixture
def animator():
    return MemberFactory(display_name="Julien Arsenault", roles=["Animation"])


def invite(client, member, data, django_capture_on_commit_callbacks):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("communaute:invite"), data)


def test_a_member_invites_a_colleague_to_a_space_with_a_note(
    client, inviter, space, django_capture_on_commit_callbacks
):
    response = invite(
        client,
        inviter,
        {"addresses": "Chloe@Exemple.test", "note": "Viens voir !", "space": space.pk},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["chloe@exemple.test"]
    assert "Sophie Gagnon vous invite" in message.subject
    assert "Sophie Gagnon invites you" in message.subject
    # Both languages, since nobody knows the invited person's; each says why it came.
    assert "« Diffusion »" in message.body and "“Diffusion”" in message.body
    assert "Viens voir !" in message.body
    assert "Pourquoi ce courriel ?" in message.body and "Why this email?" in message.body
    assert "/en/comptes/invitation/" in message.body
    invitation = Invitation.objects.get()
    assert invitation.inviter == inviter and invitation.space == space
    # Only the token's hash is kept.
    accept, _refuse = links(message)
    assert invitation.token_hash not in accept


def test_the_invited_person_signs_up_verified_and_lands_in_the_space(
    client, inviter, space, django_capture_on_commit_callbacks
):
    invite(
        client,
        inviter,
        {"addresses": "chloe@exemple.test", "space": space.pk},
        django_capture_on_commit_callbacks,
    )
    client.logout()
    accept, _refuse = links(mail.outbox[0])
    page = client.get(accept)
    assert page.status_code == 200
    assert "Sophie Gagnon vous invite" in page.content.decode()
    signup = client.get(reverse("account_signup"))
    assert 'value="chloe@exemple.test"' in signup.content.decode()
    mail.outbox.clear()
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "chloe@exemple.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("communaute:space", args=[space.slug])
    member = Member.objects.get(email="chloe@exemple.test")
    assert EmailAddress.objects.get(user=member).verified
    assert SpaceMembership.objects.filter(space=space, member=member).exists()
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_by == member
    # No confirmation email: the invitation proved the address.
    assert not [m for m in mail.outbox if "confirm-email" in m.body]
    # The used link now says so, in French, without a 500.
    client.logout()
    used = client.get(accept)
    assert used.status_code == 410
    assert "déjà servi" in used.content.decode()


def test_an_existing_members_address_answers_as_any_other_and_gets_no_email(
    client, inviter, django_capture_on_commit_callbacks
):
    MemberFactory(email="deja@exemple.test")
    known = invite(
        client, inviter, {"addresses": "deja@exemple.test"}, django_capture_on_commit_callbacks
    )
    unknown = invite(
        client, inviter, {"addresses": "neuve@exemple.test"}, django_capture_on_commit_callbacks
    )
    assert known.status_code == unknown.status_code == 302
    assert [m.to for m in mail.outbox] == [["neuve@exemple.test"]]
    listing = client.get(reverse("communaute:invitations_sent")).content.decode()
    assert listing.count("Envoyée") >= 2
    assert not Invitation.objects.get(email="deja@exemple.test").emailed


def test_one_pending_invitation_per_address_whoever_invites(
    client, inviter, django_capture_on_commit_callbacks
):
    invite_people(inviter, ["chloe@exemple.test"])
    other = MemberFactory()
    outcome = invite_people(other, ["CHLOE@exemple.test"])
    assert (outcome.sent, outcome.not_sent) == (0, 1)
    assert Invitation.objects.count() == 1


def test_a_refused_address_is_honoured_for_every_future_inviter(
    client, inviter, django_capture_on_commit_callbacks
):
    invite(client, inviter, {"addresses": "non@exemple.test"}, django_capture_on_commit_callbacks)
    accept, refuse = links(mail.outbox[0])
    client.logout()
    assert "Ne plus recevoir" in client.get(refuse).content.decode()
    assert Invitation.objects.get().status == Invitation.Status.PENDING  # a GET changes nothing
    client.post(refuse)
    assert Invitation.objects.get().status == Invitation.Status.REFUSED
    page = client.get(accept)
    assert page.status_code == 410 and "ne reçoit plus" in page.content.decode()
    mail.outbox.clear()
    outcome = invite_people(MemberFactory(), ["Non@Exemple.test"])
    assert (outcome.sent, outcome.not_sent) == (0, 1)
    assert mail.outbox == []


def test_an_invitation_expires_after_thirty_days_and_the_address_may_be_invited_again(
    client, inviter
):
    invite_people(inviter, ["tard@exemple.test"])
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=31))
    old = Invitation.objects.get()
    assert old.current_status == Invitation.Status.EXPIRED
    outcome = invite_people(MemberFactory(), ["tard@exemple.test"])
    assert outcome.sent == 1
    old.refresh_from_db()
    assert old.status == Invitation.Status.EXPIRED


def test_an_expired_link_shows_a_clear_page(client, inviter, django_capture_on_commit_callbacks):
    invite(client, inviter, {"addresses": "tard@exemple.test"}, django_capture_on_commit_callbacks)
    accept, _refuse = links(mail.outbox[0])
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=31))
    client.logout()
    page = client.get(accept)
    assert page.status_code == 410 and "a expiré" in page.content.decode()


def test_signed_in_as_someone_else_the_link_asks_to_sign_out(
    client, inviter, django_capture_on_commit_callbacks
):
    invite(client, inviter, {"addresses": "x@exemple.test"}, django_capture_on_commit_callbacks)
    accept, _refuse = links(mail.outbox[0])
    page = client.get(accept)  # still signed in as the inviter
    assert page.status_code == 200
    assert "autre compte" in page.content.decode()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_a_revoked_invitation_no_longer_opens(client, inviter, django_capture_on_commit_callbacks):
    invite(client, inviter, {"addresses": "x@exemple.test"}, django_capture_on_commit_callbacks)
    accept, _refuse = links(mail.outbox[0])
    invitation = Invitation.objects.get()
    revoke_url = reverse("communaute:invitation_revoke", args=[invitation.pk])
    assert "Retirer l'invitation" in client.get(revoke_url).content.decode()
    # Someone else's invitation reads as a missing one.
    client.force_login(MemberFactory())
    assert client.post(revoke_url).status_code == 404
    client.force_login(inviter)
    assert client.post(revoke_url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    client.logout()
    assert client.get(accept).status_code == 410


def test_the_daily_limit_is_said_next_to_the_field(client, inviter):
    for number in range(INVITATIONS_PER_DAY):
        invite_people(inviter, [f"p{number}@exemple.test"])
    client.force_login(inviter)
    response = client.post(reverse("communaute:invite"), {"addresses": "encore@exemple.test"})
    assert response.status_code == 400
    assert "par jour" in response.content.decode()
    with pytest.raises(ValidationError):
        invite_people(inviter, ["encore@exemple.test"])


def test_a_member_invites_one_address_at_a_time(client, inviter):
    client.force_login(inviter)
    response = client.post(
        reverse("communaute:invite"), {"addresses": "a@exemple.test\nb@exemple.test"}
    )
    assert response.status_code == 400
    assert Invitation.objects.count() == 0
    with pytest.raises(PermissionDenied):
        invite_people(inviter, ["a@exemple.test", "b@exemple.test"])


def test_only_animators_invite_into_a_private_space(client, inviter):
    private = Space.objects.create(
        name="Cercle", slug="cercle", visibility=Space.Visibility.PRIVATE
    )
    SpaceMembership.objects.create(space=private, member=inviter)
    with pytest.raises(PermissionDenied):
        invite_people(inviter, ["a@exemple.test"], space=private)
    client.force_login(inviter)
    page = client.get(reverse("communaute:invite")).content.decode()
    assert "Cercle" not in page
    response = client.post(
        reverse("communaute:invite"), {"addresses": "a@exemple.test", "space": private.pk}
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_a_suspended_member_cannot_invite(client, inviter):
    moderator = MemberFactory(roles=["Animation"])
    suspend_member(inviter, actor=moderator, days=3, reason="test")
    client.force_login(inviter)
    assert client.get(reverse("communaute:invite")).status_code == 403
    assert (
        client.post(reverse("communaute:invite"), {"addresses": "a@exemple.test"}).status_code
        == 403
    )


def test_an_animator_previews_a_pasted_list_then_sends_it(
    client, animator, django_capture_on_commit_callbacks
):
    MemberFactory(email="membre@exemple.test")
    invite_people(MemberFactory(), ["deja@exemple.test"])
    refuse_invitations(Invitation.objects.get())
    pasted = (
        "Anne Roy <anne@exemple.test>\nanne@exemple.test\npas une adresse\n"
        "deja@exemple.test, membre@exemple.test; paul@exemple.test"
    )
    client.force_login(animator)
    preview = client.post(reverse("communaute:invite"), {"addresses": pasted})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Seront invitées (3)" in body  # anne, membre (no enumeration), paul
    assert "En double (une seule invitation) (1)" in body
    assert "pas une adresse" in body
    assert "Ne seront pas envoyées" in body
    assert Invitation.objects.filter(inviter=animator).count() == 0
    data = {"addresses": pasted, "action": "send"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("communaute:invite"), data)
        again = client.post(reverse("communaute:invite"), data)
    assert first.status_code == again.status_code == 302
    # The double submit sends once; the existing member's address gets no email.
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@exemple.test", "paul@exemple.test"]
    assert Invitation.objects.filter(inviter=animator).count() == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_of_the_same_list_invite_each_address_once():
    # A superuser may paste a list whatever the groups (a transactional test has none).
    animator = MemberFactory(is_superuser=True)
    addresses = [f"p{n}@exemple.test" for n in range(5)]
    barrier = threading.Barrier(4)
    errors = []

    def submit():
        try:
            barrier.wait()
            invite_people(animator, addresses)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Invitation.objects.filter(inviter=animator).count() == 5


@pytest.mark.parametrize(
    "data",
    [
        {"addresses": "a\x00@exemple.test"},
        {"addresses": "a@exemple.test", "note": "bonjour\x00"},
        {"addresses": "a@exemple.test", "space": "99999999999999999999999"},
        {"addresses": "x" * 200_000},
        {"addresses": "a@exemple.test", "note": "n" * 5000},
    ],
)
def test_hostile_input_never_fails(client, animator, data):
    client.force_login(animator)
    for action in ("", "send"):
        response = client.post(reverse("communaute:invite"), {**data, "action": action})
        assert response.status_code < 500


@pytest.mark.parametrize("token", ["faux", "\x00", "x" * 5000, "%00"])
def test_hostile_tokens_never_fail(client, token):
    for name in ("compte:invitation", "compte:invitation_refuse"):
        try:
            url = reverse(name, args=[token])
        except Exception:
            continue
        assert client.get(url).status_code in (400, 404)
        assert client.post(url).status_code in (400, 403, 404)


@pytest.mark.parametrize("count", [3, 30])
def test_the_sent_list_reads_in_bounded_queries(
    client, animator, count, django_assert_max_num_queries
):
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    SpaceMembership.objects.create(space=space, member=animator, role=SpaceMembership.Role.ANIMATOR)
    invite_people(animator, [f"p{n}@exemple.test" for n in range(count)], space=space)
    client.force_login(animator)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("communaute:invitations_sent"))
    assert response.content.decode().count("exemple.test") >= count


def test_admins_see_who_invited_whom(client, inviter):
    invite_people(inviter, ["chloe@exemple.test"])
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:communaute_invitation_changelist"))
    assert page.status_code == 200
    assert "chloe@exemple.test" in page.content.decode()


def test_the_demo_has_invitations_in_several_states_and_seeds_them_once(settings):
    from passerelles.demo.forum import seed_forum
    from passerelles.demo.invitations import seed_invitations
    from passerelles.demo.members import seed_members

    seed_members()
    seed_forum()
    seed_invitations()
    seed_invitations()
    states = set(Invitation.objects.values_list("status", flat=True))
    assert {"pending", "expired", "revoked"} <= states
    assert Invitation.objects.count() == 4
    assert mail.outbox == []
