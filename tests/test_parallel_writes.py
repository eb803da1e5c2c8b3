"""Every write that must happen once still happens once when its form is sent eight times at
once: one row, exact counters, and no 500."""

import pytest

from communaute.models import (
    Flag,
    JoinRequest,
    Notification,
    Post,
    Reaction,
    Space,
    SpaceMembership,
    Topic,
    TopicSubscription,
)
from communaute.selectors.spaces import join_link_token
from communaute.services.forum import create_topic
from ressources.models import AccessRequest, NeedSupport
from tests.communaute.factories import MemberFactory
from tests.races import THREADS, post_in_parallel
from tests.ressources.factories import (
    make_need,
    make_organization,
    make_representative,
    make_service,
)

# serialized_rollback: the roles, vocabularies and pages of the migrations are back for the
# next test after the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def forum():
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    private = Space.objects.create(
        name="Cercle", slug="cercle", visibility=Space.Visibility.PRIVATE
    )
    animator = MemberFactory()
    for place in (space, private):
        SpaceMembership.objects.create(
            space=place, member=animator, role=SpaceMembership.Role.ANIMATOR
        )
    topic, post = create_topic(space, author=animator, title="Un camion", body="Qui part ?")
    return space, private, animator, topic, post


def assert_no_500(codes):
    assert all(code < 500 for code in codes), codes


def test_a_reply_sent_eight_times_with_its_token_is_posted_once(forum):
    _space, _private, _animator, topic, _post = forum
    member = MemberFactory()
    codes = post_in_parallel(
        member,
        f"/communaute/sujets/{topic.pk}/repondre/",
        {"body": "J'ai de la place.", "token": "0123456789abcdef"},
    )
    assert_no_500(codes)
    assert Post.objects.filter(topic=topic, author=member).count() == 1
    topic.refresh_from_db()
    assert topic.post_count == 2 == Post.objects.filter(topic=topic).count()


def test_a_topic_sent_eight_times_with_its_token_is_created_once(forum):
    space, _private, _animator, _topic, _post = forum
    member = MemberFactory()
    codes = post_in_parallel(
        member,
        f"/communaute/espaces/{space.slug}/nouveau-sujet/",
        {
            "title": "Une salle à Moncton",
            "body": "Libre le 3 mai.",
            "token": "fedcba9876543210",
            "checked_similar": "on",
        },
    )
    assert_no_500(codes)
    assert Topic.objects.filter(author=member).count() == 1
    space.refresh_from_db()
    assert space.topic_count == Topic.objects.filter(space=space).count()


def test_a_reaction_clicked_eight_times_at_once_toggles_eight_times_in_turn(forum):
    # Each click adds or takes back, in turn: an even number leaves none, and the author heard
    # once per reaction actually added (all eight used to add, each with its notification).
    _space, _private, animator, _topic, post = forum
    member = MemberFactory()
    codes = post_in_parallel(member, f"/communaute/messages/{post.pk}/reagir/", {"kind": "merci"})
    assert_no_500(codes)
    assert Reaction.objects.filter(post=post, member=member).count() == THREADS % 2
    assert Notification.objects.filter(recipient=animator).count() == (THREADS + 1) // 2


def test_a_report_sent_eight_times_files_one_flag(forum):
    _space, _private, _animator, _topic, post = forum
    member = MemberFactory()
    codes = post_in_parallel(
        member, f"/communaute/messages/{post.pk}/signaler/", {"reason": "spam", "comment": ""}
    )
    assert_no_500(codes)
    assert Flag.objects.filter(post=post, reporter=member).count() == 1


def test_following_a_topic_eight_times_at_once_subscribes_once(forum):
    _space, _private, _animator, topic, _post = forum
    member = MemberFactory()
    codes = post_in_parallel(member, f"/communaute/sujets/{topic.pk}/suivi/", {"action": "follow"})
    assert_no_500(codes)
    assert TopicSubscription.objects.filter(topic=topic, member=member).count() == 1


def test_a_join_request_sent_eight_times_asks_once(forum):
    _space, private, _animator, _topic, _post = forum
    member = MemberFactory()
    codes = post_in_parallel(
        member, f"/communaute/rejoindre/{join_link_token(private)}/", {"message": "Bonjour"}
    )
    assert_no_500(codes)
    assert JoinRequest.objects.filter(space=private, member=member).count() == 1
    assert not SpaceMembership.objects.filter(space=private, member=member).exists()


def test_an_invitation_sent_eight_times_invites_once(forum):
    _space, private, animator, _topic, _post = forum
    member = MemberFactory()
    codes = post_in_parallel(
        animator, f"/communaute/espaces/{private.slug}/inviter/", {"who": member.email}
    )
    assert_no_500(codes)
    assert JoinRequest.objects.filter(space=private, member=member).count() == 1


def test_me_too_on_a_need_sent_eight_times_counts_the_member_once():
    need = make_need(MemberFactory())
    member = MemberFactory()
    codes = post_in_parallel(
        member,
        f"/ressources/besoins/{need.pk}/moi-aussi/",
        {"moi-aussi-province": "QC", "moi-aussi-on_behalf": "self"},
    )
    assert_no_500(codes)
    assert NeedSupport.objects.filter(need=need, member=member).count() == 1
    need.refresh_from_db()
    assert need.supporter_count == NeedSupport.objects.filter(need=need).count()


def test_an_access_request_sent_eight_times_is_made_once():
    organization = make_organization("AAAPNB")
    service = make_service(organization, make_representative(organization))
    member = MemberFactory()
    codes = post_in_parallel(
        member,
        f"/ressources/services/{service.slug}/demander/",
        {"on_behalf": "self", "message": "Pour la tournée de mai."},
    )
    assert_no_500(codes)
    assert AccessRequest.objects.filter(service=service, member=member).count() == 1


def test_the_helper_really_runs_the_threads_together():
    from tests.races import in_parallel

    results, errors = in_parallel(lambda n: n * 2, list(range(THREADS)))
    assert errors == [] and results == [n * 2 for n in range(THREADS)]
