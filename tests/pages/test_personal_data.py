"""What the editorial pages add to the personal data export."""

import io
import json
import zipfile

import pytest

from communaute.services.members import export_personal_data
from passerelles.pages.models import ArticleIndexPage
from tests.communaute.factories import MemberFactory
from tests.pages.test_publications import publish
from tests.ressources.factories import make_organization

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_publications_i_authored_and_nobody_elses():
    author = MemberFactory(display_name="Chloé Bourque")
    other = MemberFactory()
    article = publish(ArticleIndexPage.objects.get(), make_organization("Culture pour tous"), 1)
    article.authors.add(author)
    article.save_revision().publish()

    mine = json.loads(
        zipfile.ZipFile(io.BytesIO(export_personal_data(author))).read("donnees.json")
    )
    theirs = json.loads(
        zipfile.ZipFile(io.BytesIO(export_personal_data(other))).read("donnees.json")
    )

    assert [row["title"] for row in mine["publications"]["articles"]] == ["Publication 1"]
    assert mine["publications"]["articles"][0]["live"] is True
    assert theirs["publications"]["articles"] == []
