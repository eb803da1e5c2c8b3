"""A poll opened from a need: its author or a representative asks the members in the need's
conversation (« Quel format vous conviendrait ? »); communaute holds the poll, ressources only
says who else may open it."""

from urllib.parse import quote

import pytest

from communaute.models import Poll
from communaute.services.moderation import suspend_member
from ressources.models import Need
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_need

pytestmark = pytest.mark.django_db


def open_poll(client, need):
    return client.post(f"/ressources/besoins/{need.pk}/sondage/")


def test_the_needs_author_opens_a_poll_in_its_conversation(client, member):
    need = make_need(member, title="Un local de répétition")
    client.force_login(member)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Ouvrir un sondage" in page and "Mettre de côté" in page
    response = open_poll(client, need)
    need.refresh_from_db()
    # The conversation was opened on the way, and the poll page asks the usual question.
    assert need.topic is not None
    assert response["Location"] == (
        f"/communaute/sujets/{need.topic.pk}/sondage/?question="
        + quote("Quel format vous conviendrait ?").replace("%20", "+")
    )
    form = client.get(response["Location"]).content.decode()
    assert 'value="Quel format vous conviendrait ?"' in form
    created = client.post(
        f"/communaute/sujets/{need.topic.pk}/sondage/",
        {
            "question": "Quel format vous conviendrait ?",
            "options": "Une salle à l'heure\nUn studio au mois",
            "results": "after_vote",
        },
    )
    assert created.status_code == 302
    assert Poll.objects.get(topic=need.topic).options.count() == 2
    # Asked again, the button leads to the poll in place.
    assert open_poll(client, need)["Location"] == need.topic.get_absolute_url() + "#sondage"


def test_a_representative_may_open_it_too_another_member_may_not(
    client, member, other_member, representative
):
    need = make_need(member)
    client.force_login(other_member)
    assert "Ouvrir un sondage" not in client.get(need.get_absolute_url()).content.decode()
    assert open_poll(client, need).status_code == 403
    client.force_login(representative)
    response = open_poll(client, need)
    assert response.status_code == 302
    topic = Need.objects.get(pk=need.pk).topic
    # The topic was opened by the representative: the need's author may still add the poll.
    client.force_login(member)
    assert client.get(f"/communaute/sujets/{topic.pk}/sondage/").status_code == 200
    client.force_login(other_member)
    assert client.get(f"/communaute/sujets/{topic.pk}/sondage/").status_code == 403


def test_a_suspended_author_does_not_open_one(client, member):
    need = make_need(member)
    suspend_member(member, actor=MemberFactory(roles=["Animation"]), days=7, reason="Propos")
    client.force_login(member)
    assert open_poll(client, need).status_code == 403
    assert client.post("/ressources/besoins/987654/sondage/").status_code == 404
