"""What the resources side adds to the personal data export."""

import io
import json
import zipfile

import pytest

from communaute.services.members import export_personal_data
from ressources.models import ServiceMatchNotice
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_organization, make_representative, make_service

pytestmark = pytest.mark.django_db


def exported(member):
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(member)))
    return json.loads(archive.read("donnees.json")), archive.read("resume.html").decode()


def test_the_export_lists_the_services_i_added_and_those_suggested_to_me():
    organization = make_organization()
    representative = make_representative(organization, display_name="Marc Richard")
    service = make_service(organization, representative, title="Prêt d'équipement scénique")
    artist = MemberFactory()
    ServiceMatchNotice.objects.create(service=service, member=artist)

    added, added_summary = exported(representative)
    suggested, suggested_summary = exported(artist)

    assert [row["service"] for row in added["services_crees"]] == ["Prêt d'équipement scénique"]
    assert added["representations"][0]["organization"] == "AAAPNB"
    assert "Services ajoutés au catalogue" in added_summary
    assert suggested["services_crees"] == []
    assert [row["service"] for row in suggested["services_suggeres"]] == [
        "Prêt d'équipement scénique"
    ]
    assert "Prêt d&#x27;équipement scénique" in suggested_summary
