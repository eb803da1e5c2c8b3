import pytest

from communaute.services.moderation import suspend_member
from ressources.models import Service
from tests.ressources.factories import make_service, service_data

pytestmark = pytest.mark.django_db


def form_payload(organization, **overrides):
    data = service_data(**overrides)
    payload = {key: value for key, value in data.items() if not isinstance(value, bool)}
    payload.update({key: "on" for key, value in data.items() if value is True})
    payload.update(
        {"organizations": [organization.pk], "regions": ["NB", "remote"], "disciplines": ["music"]}
    )
    return payload


@pytest.fixture
def draft(organization, representative):
    return make_service(organization, representative, publish=False, title="Prêt de salle")


def test_a_published_service_page_is_public(client, service):
    response = client.get(service.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>états financiers</strong>" in html
    assert (
        "Se connecter pour demander l&#x27;accès" in html
        or "Se connecter pour demander l'accès" in html
    )


@pytest.mark.parametrize("who", ["visitor", "member", "other_representative"])
def test_a_draft_is_not_found_for_people_outside_its_organization(
    client, draft, who, member, other_representative
):
    if who != "visitor":
        client.force_login({"member": member, "other_representative": other_representative}[who])
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_representative_previews_a_draft_with_similar_services(
    client, draft, representative, other_organization, other_representative
):
    make_service(
        other_organization,
        other_representative,
        title="Location de salle de répétition",
        summary="Une salle partagée.",
    )
    client.force_login(representative)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Aperçu : ce service est un brouillon." in html
    assert "Services semblables déjà au catalogue" in html
    assert "Location de salle de répétition" in html


def test_a_representative_creates_a_draft_then_publishes_it(client, organization, representative):
    client.force_login(representative)
    assert client.get("/ressources/services/nouveau/").status_code == 200
    response = client.post(
        "/ressources/services/nouveau/", form_payload(organization, title="Atelier de métadonnées")
    )
    service = Service.objects.get(title="Atelier de métadonnées")
    assert response["Location"] == service.get_absolute_url()
    assert service.status == Service.Status.DRAFT
    assert set(service.regions.values_list("code", flat=True)) == {"NB", "remote"}
    client.post(f"/ressources/services/{service.slug}/publier/")
    service.refresh_from_db()
    assert service.status == Service.Status.PUBLISHED
    assert "Atelier de métadonnées" in client.get("/ressources/").content.decode()


def test_a_refused_service_form_keeps_what_was_typed(client, organization, representative):
    client.force_login(representative)
    payload = form_payload(organization, title="", summary="Un résumé soigneusement écrit.")
    response = client.post("/ressources/services/nouveau/", payload)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient" in html
    assert "Un résumé soigneusement écrit." in html
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("visitor", 302),
        ("member", 403),
        ("other_representative", 403),
        ("representative", 200),
        ("admin", 200),
    ],
)
def test_who_may_edit_a_service(
    client, service, who, expected, member, other_representative, representative, staff
):
    people = {
        "member": member,
        "other_representative": other_representative,
        "representative": representative,
        "admin": staff,
    }
    if who in people:
        client.force_login(people[who])
    assert (
        client.get(f"/ressources/services/{service.slug}/modifier/", secure=False).status_code
        == expected
    )


@pytest.mark.parametrize("who", ["member", "other_representative"])
def test_publishing_and_archiving_are_refused_to_outsiders(
    client, draft, service, who, member, other_representative
):
    client.force_login({"member": member, "other_representative": other_representative}[who])
    assert client.post(f"/ressources/services/{draft.slug}/publier/").status_code == 403
    assert client.post(f"/ressources/services/{service.slug}/archiver/").status_code == 403
    draft.refresh_from_db()
    service.refresh_from_db()
    assert (draft.status, service.status) == ("draft", "published")


def test_archiving_asks_for_confirmation_first(client, service, representative):
    client.force_login(representative)
    page = client.get(f"/ressources/services/{service.slug}/archiver/").content.decode()
    assert "Archiver « Service de comptabilité partagée » ?" in page
    service.refresh_from_db()
    assert service.status == Service.Status.PUBLISHED
    client.post(f"/ressources/services/{service.slug}/archiver/")
    service.refresh_from_db()
    assert service.status == Service.Status.ARCHIVED


@pytest.mark.parametrize(
    "url",
    ["/ressources/gestion/", "/ressources/gestion/demandes/", "/ressources/services/nouveau/"],
)
def test_management_pages_are_for_representatives(client, member, representative, url):
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(representative)
    assert client.get(url).status_code == 200


def test_a_suspended_representative_reads_their_services_without_the_buttons_that_would_refuse(
    client, service, draft, representative, staff
):
    suspend_member(representative, actor=staff, days=3, reason="Réponses blessantes")
    client.force_login(representative)

    catalogue = client.get("/ressources/").content.decode()
    manage = client.get("/ressources/gestion/")
    published = client.get(service.get_absolute_url()).content.decode()
    preview = client.get(draft.get_absolute_url())

    assert 'href="/ressources/gestion/"' in catalogue
    assert manage.status_code == 200
    assert "Prêt de salle" in manage.content.decode()
    assert 'href="/ressources/services/nouveau/"' not in manage.content.decode()
    assert "Votre compte est suspendu jusqu" in manage.content.decode()
    assert preview.status_code == 200
    for html in (published, preview.content.decode()):
        assert "Gérer ce service" not in html
        assert "/modifier/" not in html
        assert "/publier/" not in html
        assert "/archiver/" not in html
        assert "Votre compte est suspendu jusqu" in html


def test_a_representative_sees_the_buttons_to_manage_their_service(client, draft, representative):
    client.force_login(representative)

    html = client.get(draft.get_absolute_url()).content.decode()

    assert "Gérer ce service" in html
    assert f"/ressources/services/{draft.slug}/modifier/" in html
    assert f"/ressources/services/{draft.slug}/publier/" in html


def test_services_and_organizations_appear_in_site_search(client, service, organization):
    html = client.get("/recherche/", {"q": "comptabilite"}).content.decode()
    assert "Services mutualisés" in html
    assert service.title in html
    assert "Organisations" in client.get("/recherche/", {"q": "AAAPNB"}).content.decode()


def test_admin_screens_for_resources(client, staff, service, representative, member):
    from ressources.models import AccessRequest
    from ressources.services.access import create_access_request
    from tests.communaute.factories import activate_totp

    access_request = create_access_request(
        service, member=member, data={"on_behalf": "self", "message": "Bonjour", "timeframe": ""}
    )
    activate_totp(staff)
    client.force_login(staff)
    organization = service.organizations.get()
    for url in (
        "/admin/ressources/organization/",
        f"/admin/ressources/organization/{organization.pk}/change/",
        "/admin/ressources/service/",
        f"/admin/ressources/service/{service.pk}/change/",
        "/admin/ressources/accessrequest/",
        f"/admin/ressources/accessrequest/{access_request.pk}/change/",
        "/admin/communaute/notification/",
    ):
        assert client.get(url).status_code == 200, url
    assert AccessRequest.objects.count() == 1


def test_the_service_forms_radio_questions_offer_real_answers_only(client, representative):
    client.force_login(representative)
    html = client.get("/ressources/services/nouveau/").content.decode()
    for name in ("audience", "delivery", "cost_model", "availability"):
        assert f'type="radio" name="{name}" value=""' not in html
    assert 'type="radio" name="cost_model" value="free"' in html


def test_a_service_address_keeps_the_letters_of_oe(client, organization, representative):
    client.force_login(representative)
    client.post(
        "/ressources/services/nouveau/",
        form_payload(organization, title="Métadonnées de vos œuvres"),
    )
    assert Service.objects.get(title="Métadonnées de vos œuvres").slug == (
        "metadonnees-de-vos-oeuvres"
    )
