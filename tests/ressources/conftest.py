import pytest

from tests.ressources.factories import make_organization, make_representative, make_service


@pytest.fixture
def organization(db):
    return make_organization("AAAPNB")


@pytest.fixture
def other_organization(db):
    return make_organization("Culture pour tous")


@pytest.fixture
def representative(organization):
    return make_representative(organization, display_name="Julien Arsenault")


@pytest.fixture
def other_representative(other_organization):
    return make_representative(other_organization, display_name="Rep d'ailleurs")


@pytest.fixture
def service(organization, representative):
    return make_service(organization, representative)
