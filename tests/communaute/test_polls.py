from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communaute.models import Poll, PollOption, PollVote, Space, SpaceMembership
from communaute.selectors.polls import poll_of_topic, poll_results, polls_section
from communaute.services.forum import create_topic, reply
from communaute.services.moderation import suspend_member
from communaute.services.polls import close_poll, set_poll, vote
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.races import post_in_parallel

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return make_space("Diffusion", Space.Visibility.PUBLIC)


@pytest.fixture
def topic(space, member):
    topic, _post = create_topic(space, author=member, title="Tournée", body="Quand partir ?")
    return topic


def make_poll(topic, author, options=("Avril", "Mai", "Juin"), **kwargs):
    return set_poll(topic, member=author, question="Quand partir ?", options=options, **kwargs)


def option(poll, label):
    return PollOption.objects.get(poll=poll, label=label)


def topic_url(topic):
    return f"/communaute/sujets/{topic.pk}-{topic.slug}/"


def test_a_vote_counts_once_and_can_be_changed(topic, member, other_member):
    poll = make_poll(topic, member)
    assert vote(poll, member=other_member, option_ids=[option(poll, "Avril").pk]) is True
    # The same form again changes nothing.
    assert vote(poll, member=other_member, option_ids=[option(poll, "Avril").pk]) is False
    assert vote(poll, member=other_member, option_ids=[option(poll, "Mai").pk]) is True
    results = poll_results(poll, other_member)
    assert [(r.option.label, r.votes, r.percent, r.mine) for r in results.options] == [
        ("Avril", 0, 0, False),
        ("Mai", 1, 100, True),
        ("Juin", 0, 0, False),
    ]
    assert results.voters == 1 and results.voted


def test_single_choice_takes_one_answer_and_multiple_choice_several(topic, member, other_member):
    poll = make_poll(topic, member)
    both = [option(poll, "Avril").pk, option(poll, "Mai").pk]
    with pytest.raises(ValidationError, match="une seule réponse"):
        vote(poll, member=other_member, option_ids=both)
    with pytest.raises(ValidationError, match="Choisissez une réponse"):
        vote(poll, member=other_member, option_ids=[])
    other_poll = make_poll(
        create_topic(topic.space, author=member, title="Autre", body="?")[0], member
    )
    with pytest.raises(ValidationError, match="Choisissez une réponse"):
        # An answer of another poll.
        vote(poll, member=other_member, option_ids=[option(other_poll, "Avril").pk])
    poll = make_poll(
        create_topic(topic.space, author=member, title="Plusieurs", body="?")[0],
        member,
        multiple=True,
    )
    vote(poll, member=other_member, option_ids=[option(poll, "Avril").pk, option(poll, "Mai").pk])
    vote(member_poll := poll, member=member, option_ids=[option(poll, "Avril").pk])
    results = poll_results(member_poll, other_member)
    # Percentages are of the people who voted: with several answers each, more than 100 in all.
    assert results.voters == 2
    assert [(r.votes, r.percent) for r in results.options] == [(2, 100), (1, 50), (0, 0)]
    # Unticking an answer takes it back.
    vote(poll, member=other_member, option_ids=[option(poll, "Mai").pk])
    assert PollVote.objects.filter(member=other_member).count() == 1


def test_a_closed_poll_refuses_votes_and_shows_its_results(topic, member, other_member):
    poll = make_poll(topic, member, results=Poll.Results.AFTER_CLOSE)
    vote(poll, member=other_member, option_ids=[option(poll, "Juin").pk])
    # « Après la clôture »: even a voter waits.
    assert not poll_results(poll, other_member).results_visible
    moderator = MemberFactory(roles=["Animation"])
    with pytest.raises(PermissionDenied):
        close_poll(poll, actor=other_member)
    poll = close_poll(poll, actor=moderator)
    # Closed already, it still is not theirs to close.
    with pytest.raises(PermissionDenied):
        close_poll(poll, actor=other_member)
    with pytest.raises(ValidationError, match="clos"):
        vote(poll, member=other_member, option_ids=[option(poll, "Avril").pk])
    assert poll_results(poll, MemberFactory()).results_visible
    # A closing date that has passed closes it too.
    dated = make_poll(
        create_topic(topic.space, author=member, title="Daté", body="?")[0],
        member,
        closes_at=timezone.now() + timedelta(days=1),
    )
    Poll.objects.filter(pk=dated.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    dated.refresh_from_db()
    with pytest.raises(ValidationError, match="clos"):
        vote(dated, member=other_member, option_ids=[option(dated, "Avril").pk])


def test_results_after_voting_are_hidden_until_one_votes(topic, member, other_member):
    poll = make_poll(topic, member)
    vote(poll, member=member, option_ids=[option(poll, "Avril").pk])
    assert not poll_results(poll, other_member).results_visible
    vote(poll, member=other_member, option_ids=[option(poll, "Mai").pk])
    assert poll_results(poll, other_member).results_visible


def test_who_may_add_change_and_vote(topic, space, member, other_member):
    with pytest.raises(PermissionDenied):
        make_poll(topic, other_member)
    poll = make_poll(topic, member)
    # Changed while nobody voted: the options are replaced.
    poll = make_poll(topic, member, options=["Été", "Automne"])
    assert list(poll.options.values_list("label", flat=True)) == ["Été", "Automne"]
    vote(poll, member=other_member, option_ids=[option(poll, "Été").pk])
    with pytest.raises(PermissionDenied, match="déjà voté"):
        make_poll(topic, member)
    suspended = MemberFactory()
    suspend_member(
        suspended, actor=MemberFactory(roles=["Animation"]), days=7, reason="Propos blessants"
    )
    with pytest.raises(PermissionDenied, match="suspendu"):
        vote(poll, member=suspended, option_ids=[option(poll, "Été").pk])
    with pytest.raises(ValidationError):
        make_poll(
            create_topic(space, author=member, title="Un seul", body="?")[0], member, options=["A"]
        )


def test_in_a_private_space_only_its_members_vote(member, other_member):
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=member)
    topic, _post = create_topic(private, author=member, title="Entre nous", body="?")
    poll = make_poll(topic, member)
    with pytest.raises(PermissionDenied):
        vote(poll, member=other_member, option_ids=[option(poll, "Avril").pk])


@pytest.mark.django_db(transaction=True)
def test_the_same_vote_sent_at_once_counts_once(member, other_member):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    topic, _post = create_topic(space, author=member, title="Tournée", body="?")
    poll = make_poll(topic, member)
    codes = post_in_parallel(
        other_member,
        f"/communaute/sondages/{poll.pk}/voter/",
        {"option": option(poll, "Mai").pk},
    )
    assert set(codes) == {302}
    assert PollVote.objects.filter(poll=poll, member=other_member).count() == 1


def test_the_topic_page_shows_the_vote_form_then_the_results_table(
    client, topic, member, other_member
):
    poll = make_poll(topic, member)
    client.force_login(other_member)
    html = client.get(topic_url(topic)).content.decode()
    assert "<legend>Votre réponse</legend>" in html and 'type="radio"' in html
    assert "Les résultats seront visibles après votre vote." in html and "<table" not in html
    response = client.post(
        f"/communaute/sondages/{poll.pk}/voter/", {"option": option(poll, "Mai").pk}
    )
    assert response["Location"] == topic_url(topic) + "#sondage"
    html = client.get(response["Location"]).content.decode()
    assert "Votre vote est enregistré." in html
    assert "<caption>Résultats du sondage</caption>" in html
    assert "(votre choix)" in html and "100 %" in html
    assert "Changer mon vote" in html


def test_a_refused_vote_says_why(client, topic, member, other_member):
    poll = make_poll(topic, member)
    close_poll(poll, actor=member)
    client.force_login(other_member)
    response = client.post(
        f"/communaute/sondages/{poll.pk}/voter/", {"option": option(poll, "Mai").pk}, follow=True
    )
    assert "Ce sondage est clos : il ne reçoit plus de votes." in response.content.decode()
    for value in ("abc", "\x00", str(2**70), "-1"):
        response = client.post(f"/communaute/sondages/{poll.pk}/voter/", {"option": value})
        assert response.status_code == 302


def test_the_author_adds_a_poll_from_the_topic_page(client, topic, member):
    client.force_login(member)
    assert "Ajouter un sondage à ce sujet" in client.get(topic_url(topic)).content.decode()
    address = f"/communaute/sujets/{topic.pk}/sondage/"
    refused = client.post(address, {"question": "Quand ?", "options": "Avril", "results": "x"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Donnez de 2 à 10 réponses différentes" in html and "Quand ?" in html
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(
        address,
        {"question": "Quand ?", "options": "A\nB", "results": "after_vote", "closes_at": past},
    )
    assert "Choisissez une date de clôture à venir." in refused.content.decode()
    response = client.post(
        address,
        {
            "question": "Quand ?",
            "options": "Avril\n\n  Mai \navril",
            "multiple": "on",
            "results": "after_close",
        },
    )
    assert response.status_code == 302
    poll = poll_of_topic(topic)
    assert poll.multiple and poll.results == "after_close"
    assert list(poll.options.values_list("label", flat=True)) == ["Avril", "Mai"]
    html = client.get(topic_url(topic)).content.decode()
    assert 'type="checkbox"' in html and "Les résultats seront visibles après la clôture" in html


@pytest.mark.parametrize("voters", [3, 30])
def test_the_topic_page_costs_the_same_whatever_the_options_and_votes(
    client, topic, member, voters, django_assert_max_num_queries
):
    poll = make_poll(topic, member, options=[f"Réponse {n}" for n in range(10)], multiple=True)
    options = list(poll.options.all())
    for index in range(voters):
        voter = MemberFactory()
        vote(poll, member=voter, option_ids=[o.pk for o in options[: index % 10 + 1]])
        reply(topic, author=voter, body=f"Message {index}")
    vote(poll, member=member, option_ids=[options[0].pk])
    client.force_login(member)
    # The topic page's own fixed costs, plus the poll's four: the poll, its options, the votes
    # per option and the number of voters.
    with django_assert_max_num_queries(33):
        html = client.get(topic_url(topic)).content.decode()
    assert html.count('class="poll__bar"') == 10


def test_the_members_votes_are_in_their_export(topic, member, other_member):
    poll = make_poll(topic, member)
    vote(poll, member=other_member, option_ids=[option(poll, "Juin").pk])
    data, _files = polls_section(other_member)
    assert data["votes"][0]["answer"] == "Juin" and data["votes"][0]["topic"] == "Tournée"
    assert polls_section(member)[0]["polls"][0]["options"] == ["Avril", "Mai", "Juin"]
    # The account goes, the vote with it; the poll stays.
    other_member.delete()
    assert PollVote.objects.count() == 0 and Poll.objects.filter(pk=poll.pk).exists()
