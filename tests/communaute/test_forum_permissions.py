"""Who gets what from every forum address, for each kind of space and each role.

Each row of the matrix is one address; each column one role, in this order: a visitor, a
signed-in member who is not in the space, a member who animates another private space (an
outsider to this one), a member of the space and one of its animators. What must not be known
to exist answers 404 to a signed-in person, exactly like an address that leads nowhere; a
visitor is asked to sign in, and brought back.
"""

import pytest

from communaute.models import Space, SpaceMembership
from communaute.services.forum import create_topic, reply
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.communaute.test_library import pdf

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "member", "outsider", "space_member", "animator")
# "login": sent to the sign-in page; "done": the action is carried out and redirects.
LOGIN, DONE = "login", "done"

READ = {
    "public": (200, 200, 200, 200, 200),
    "members": (LOGIN, 200, 200, 200, 200),
    "private": (LOGIN, 404, 404, 200, 200),
}
REDIRECT = {
    "public": (302, 302, 302, 302, 302),
    "members": (LOGIN, 302, 302, 302, 302),
    "private": (LOGIN, 404, 404, 302, 302),
}
WRITE_FORM = {
    "public": (LOGIN, 200, 200, 200, 200),
    "members": (LOGIN, 200, 200, 200, 200),
    "private": (LOGIN, 404, 404, 200, 200),
}
WRITE = {
    "public": (LOGIN, DONE, DONE, DONE, DONE),
    "members": (LOGIN, DONE, DONE, DONE, DONE),
    "private": (LOGIN, 404, 404, DONE, DONE),
}
MATRIX = {
    "space page": READ,
    "topic page": READ,
    "post permalink": REDIRECT,
    "library": READ,
    "attachment file": READ,
    "new topic form": WRITE_FORM,
    "new topic sent": WRITE,
    "reply": WRITE,
    "react": WRITE,
    # Animators may correct and remove what others write in their space; nobody else may.
    "edit another's post": {
        "public": (LOGIN, 403, 403, 403, 200),
        "members": (LOGIN, 403, 403, 403, 200),
        "private": (LOGIN, 404, 404, 403, 200),
    },
    "delete another's post": {
        "public": (LOGIN, 403, 403, 403, DONE),
        "members": (LOGIN, 403, 403, 403, DONE),
        "private": (LOGIN, 404, 404, 403, DONE),
    },
}
CASES = [
    pytest.param(
        action, visibility, role, expected[ROLES.index(role)], id=f"{visibility}-{role}-{action}"
    )
    for action, by_visibility in MATRIX.items()
    for visibility, expected in by_visibility.items()
    for role in ROLES
]


def request(client, action, space, topic, post):
    attachment = post.attachments.get()
    if action == "space page":
        return client.get(f"/communaute/espaces/{space.slug}/")
    if action == "topic page":
        return client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/")
    if action == "post permalink":
        return client.get(f"/communaute/messages/{post.pk}/")
    if action == "library":
        return client.get(f"/communaute/espaces/{space.slug}/documents/")
    if action == "attachment file":
        return client.get(f"/communaute/fichiers/{attachment.pk}/")
    if action == "new topic form":
        return client.get(f"/communaute/espaces/{space.slug}/nouveau-sujet/")
    if action == "new topic sent":
        return client.post(
            f"/communaute/espaces/{space.slug}/nouveau-sujet/",
            {"title": "Un autre sujet", "body": "Bonjour", "checked_similar": "True"},
        )
    if action == "reply":
        return client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Merci"})
    if action == "react":
        return client.post(f"/communaute/messages/{post.pk}/reagir/", {"kind": "merci"})
    if action == "edit another's post":
        return client.get(f"/communaute/messages/{post.pk}/modifier/")
    if action == "delete another's post":
        return client.post(f"/communaute/messages/{post.pk}/supprimer/")
    raise AssertionError(action)


def person(role, space):
    if role == "visitor":
        return None
    member = MemberFactory()
    if role == "outsider":
        elsewhere = make_space("Autre cercle", Space.Visibility.PRIVATE)
        SpaceMembership.objects.create(
            space=elsewhere, member=member, role=SpaceMembership.Role.ANIMATOR
        )
    elif role in {"space_member", "animator"}:
        SpaceMembership.objects.create(
            space=space,
            member=member,
            role=SpaceMembership.Role.ANIMATOR
            if role == "animator"
            else SpaceMembership.Role.MEMBER,
        )
    return member


@pytest.mark.parametrize(("action", "visibility", "role", "expected"), CASES)
def test_each_role_gets_the_expected_answer_from_each_forum_address(
    client, action, visibility, role, expected
):
    space = make_space("Cercle", getattr(Space.Visibility, visibility.upper()))
    author = MemberFactory()
    SpaceMembership.objects.create(space=space, member=author)
    topic, _first = create_topic(space, author=author, title="Tournée", body="Qui en est ?")
    post = reply(topic, author=author, body="Le compte rendu", attachments=[pdf()])
    member = person(role, space)
    if member is not None:
        client.force_login(member)

    response = request(client, action, space, topic, post)

    location = response.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith("/comptes/login/"), location
    elif expected == DONE:
        assert response.status_code == 302 and not location.startswith("/comptes/login/")
    else:
        assert response.status_code == expected, location
