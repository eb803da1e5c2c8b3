"""One Viewer per request: each fact read once, kept on the viewer, never on the user, so a
write is seen by the next request (and by the next service call) without anything to forget."""

import pytest
from asgiref.sync import async_to_sync
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from communaute.middleware import ViewerMiddleware
from communaute.models import Space, SpaceMembership
from communaute.permissions import roles
from communaute.permissions.forum import can_animate_space, can_edit_post, can_post_in_space
from communaute.permissions.moderation import can_moderate_space, is_moderator
from communaute.permissions.viewer import Viewer, viewer_for
from communaute.services.forum import answer_invitation, create_topic, invite_to_space, reply
from communaute.services.moderation import lift_suspension, suspend_member
from passerelles.core import sessions
from tests.communaute.factories import MemberFactory
from tests.communaute.moderation_helpers import make_animator, make_space

pytestmark = pytest.mark.django_db

# The attributes the permissions used to leave on the user object, before the Viewer.
OLD_CACHES = {
    "_space_roles",
    "_is_moderator",
    "_active_suspension",
    "_represented_organization_ids",
    "_is_editor",
}
# What Django itself keeps there: the model's state and ModelBackend's cache of has_perm().
DJANGOS_OWN = {"_state", "_perm_cache", "_user_perm_cache", "_group_perm_cache"}


@pytest.fixture
def circle():
    return make_space("Cercle des diffuseurs", Space.Visibility.PRIVATE)


def topic_url(topic):
    return f"/communaute/sujets/{topic.pk}-{topic.slug}/"


def test_a_viewer_reads_each_fact_once_however_many_permissions_ask(
    circle, django_assert_num_queries
):
    open_space = make_space("Diffusion")
    moderator = MemberFactory(roles=[roles.ANIMATION])
    SpaceMembership.objects.create(space=circle, member=moderator)
    _topic, post = create_topic(circle, author=moderator, title="Tournée", body="Qui part ?")
    viewer = Viewer(moderator)
    # Its spaces and roles, the Animation group, any suspension: three queries, once each.
    with django_assert_num_queries(3):
        for space in (circle, open_space, circle):
            assert can_post_in_space(viewer, space)
            assert can_moderate_space(viewer, space)
            assert not can_animate_space(viewer, space)
        assert is_moderator(viewer)
        assert can_edit_post(viewer, post)
    with django_assert_num_queries(0):
        assert can_moderate_space(viewer, circle) and is_moderator(viewer)


def test_a_visitor_costs_no_query(circle, django_assert_num_queries):
    visitor = Viewer(AnonymousUser())
    with django_assert_num_queries(0):
        assert not can_post_in_space(visitor, circle)
        assert not can_moderate_space(visitor, circle)
        assert not is_moderator(visitor)
        assert visitor.active_suspension is None


def test_a_request_that_checks_no_permission_reads_neither_the_user_nor_a_fact():
    def unread_user():
        raise AssertionError("the user was loaded")

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(unread_user)
    ViewerMiddleware(lambda request: HttpResponse())(request)
    request.user = AnonymousUser()
    # Built on first use, from the user the request has by then.
    assert not request.viewer.is_authenticated


def test_a_switch_to_the_event_loop_does_not_build_the_viewer():
    """Under uvicorn, a sync middleware calling an async view (the live stream) hands the
    context to the event loop; building the viewer there is a query Django refuses, and the
    request was left unanswered."""

    def unread_user():
        raise AssertionError("the user was loaded on the event loop")

    async def async_view(request):
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(unread_user)
    response = ViewerMiddleware(async_to_sync(async_view))(request)
    assert response.status_code == 200


def test_code_handed_only_the_user_finds_the_requests_viewer(member, other_member):
    seen = {}

    def view(request):
        seen["same"] = viewer_for(request.user)
        seen["other"] = viewer_for(other_member)
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = member
    ViewerMiddleware(view)(request)
    assert seen["same"] is request.viewer
    assert seen["other"] is not request.viewer and seen["other"].user is other_member
    # Outside a request, a new viewer every time.
    assert viewer_for(member) is not viewer_for(member)


def test_a_service_handed_a_member_always_reads_afresh(member):
    assert Viewer.of(member) is not Viewer.of(member)
    viewer = Viewer(member)
    assert Viewer.of(viewer) is viewer


def test_a_member_who_joins_a_private_space_writes_in_it_on_the_next_request(
    client, circle, member
):
    animator = make_animator(circle)
    client.force_login(member)
    assert client.get(f"/communaute/espaces/{circle.slug}/nouveau-sujet/").status_code == 404
    invitation = invite_to_space(circle, actor=animator, member=member)

    response = client.post(
        "/communaute/invitations/", {"invitation": invitation.pk, "decision": "accept"}
    )

    assert response.status_code == 302
    assert client.get(f"/communaute/espaces/{circle.slug}/nouveau-sujet/").status_code == 200
    response = client.post(
        f"/communaute/espaces/{circle.slug}/nouveau-sujet/",
        {"title": "Bonjour", "body": "Me voici", "checked_similar": "True"},
    )
    assert response.status_code == 302
    assert circle.topics.get().author == member


def test_a_member_who_joins_writes_at_once_in_the_same_request(circle, member):
    animator = make_animator(circle)
    # The permissions already asked about this very Member object, before it joined.
    assert not can_post_in_space(Viewer.of(member), circle)
    invitation = invite_to_space(circle, actor=animator, member=member)

    answer_invitation(invitation, member=member, accept=True)

    topic, _post = create_topic(circle, author=member, title="Bonjour", body="Me voici")
    assert topic.space == circle
    assert can_post_in_space(Viewer.of(member), circle)


def test_a_suspension_takes_effect_on_the_next_request_and_so_does_its_end(client, member):
    space = make_space("Diffusion")
    topic, _post = create_topic(space, author=member, title="Tournée", body="Qui part ?")
    moderator = MemberFactory(roles=[roles.ANIMATION])
    client.force_login(member)
    assert 'name="body"' in client.get(topic_url(topic)).content.decode()

    suspension = suspend_member(member, actor=moderator, days=3, reason="Propos blessants")

    html = client.get(topic_url(topic)).content.decode()
    assert "Votre compte est suspendu" in html and 'name="body"' not in html
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Encore"})
    assert response.status_code == 403
    # The same Member object, in the same test: no stale suspension either way.
    with pytest.raises(PermissionDenied):
        reply(topic, author=member, body="Encore")

    lift_suspension(suspension, actor=moderator, reason="Excuses reçues")

    assert 'name="body"' in client.get(topic_url(topic)).content.decode()
    reply(topic, author=member, body="Merci")


def test_no_permission_state_is_left_on_the_user_after_a_full_topic_page(client, circle):
    moderator = MemberFactory(roles=[roles.ANIMATION])
    SpaceMembership.objects.create(space=circle, member=moderator)
    topic, _post = create_topic(circle, author=moderator, title="Tournée", body="Qui part ?")
    reply(topic, author=MemberFactory(is_staff=True, is_superuser=True), body="Vu.")
    client.force_login(moderator)

    response = client.get(topic_url(topic))

    assert response.status_code == 200
    user = response.wsgi_request.user
    assert user.pk == moderator.pk  # the lazy user is loaded: its attributes are the member's
    kept = {name for name in vars(user._wrapped) if name.startswith("_")}
    assert not kept & OLD_CACHES
    assert kept <= DJANGOS_OWN


def test_the_member_read_ahead_is_the_viewer_code_finds(member, settings):
    """A session whose owner this process knows: ViewerMiddleware reads them ahead once the
    address is resolved (process_view), then serves that viewer, the one code handed only
    the user finds, rather than a second one that would read the facts again."""
    settings.SESSION_ENGINE = "passerelles.core.sessions"
    stored = sessions.SessionStore()
    stored[SESSION_KEY] = str(member.pk)
    stored[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    stored[HASH_SESSION_KEY] = member.get_session_auth_hash()
    stored.save()
    sessions.SessionStore(stored.session_key).load()  # this process has read it: known
    seen = {}

    def view(request):
        seen["found"] = viewer_for(request.user)
        seen["user"] = request.user
        return HttpResponse()

    def handler(request):
        assert middleware.process_view(request, view, (), {}) is None
        return view(request)

    middleware = ViewerMiddleware(handler)
    request = RequestFactory().get("/")
    request.session = sessions.SessionStore(stored.session_key)
    request.user = SimpleLazyObject(lambda: auth.get_user(request))
    try:
        middleware(request)
    finally:
        sessions._owners.clear()
    assert seen["found"] is request.viewer
    assert type(seen["user"]) is type(member) and seen["user"].pk == member.pk
