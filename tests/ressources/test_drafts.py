"""Drafts of messages on access requests: ressources registers the place with communaute's
drafts (communaute/hooks/drafts.py); both sides keep their own draft while the request is open."""

import pytest
from django.core.exceptions import PermissionDenied

from communaute.models import Draft
from communaute.permissions.viewer import Viewer
from communaute.services.drafts import save_draft
from ressources.services.access import close_request, create_access_request
from tests.communaute.factories import MemberFactory

pytestmark = pytest.mark.django_db

ASK = {"on_behalf": "self", "message": "Une console pour trois spectacles."}


@pytest.fixture
def access_request(service, member):
    return create_access_request(service, member=member, data=ASK)


def test_the_member_finds_the_draft_of_their_message_and_sending_discards_it(
    client, access_request, member
):
    place = f"request:{access_request.pk}"
    client.force_login(member)
    response = client.post(
        "/communaute/brouillons/enregistrer/", {"place": place, "body": "Merci, et la date ?"}
    )
    assert response.status_code == 200
    html = client.get(access_request.get_absolute_url()).content.decode()
    assert "Merci, et la date ?</textarea>" in html
    assert (
        "Message sur une demande d&#x27;accès"
        in client.get("/communaute/brouillons/").content.decode()
    )
    response = client.post(access_request.get_absolute_url(), {"message": "Merci, et la date ?"})
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_the_representative_keeps_their_own_draft(access_request, representative, member):
    place = f"request:{access_request.pk}"
    save_draft(Viewer(representative), place, "Réponse en cours")
    save_draft(Viewer(member), place, "Question en cours")
    assert Draft.objects.filter(place=place).count() == 2


def test_outsiders_and_closed_requests_take_no_draft(access_request, member):
    place = f"request:{access_request.pk}"
    with pytest.raises(PermissionDenied):
        save_draft(Viewer(MemberFactory()), place, "Intrus")
    close_request(access_request, actor=member)
    with pytest.raises(PermissionDenied):
        save_draft(Viewer(member), place, "Trop tard")
