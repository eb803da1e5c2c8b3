"""The register of confidentiality incidents (Law 25) in Django admin: kept by the person in
charge of privacy, never deleted, every version kept, exported as a CSV Excel reads."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from communaute.models import ConfidentialityIncident, ConfidentialityIncidentVersion
from communaute.permissions import roles
from communaute.services.privacy import save_incident
from tests.communaute.factories import MemberFactory, activate_totp

pytestmark = pytest.mark.django_db

ADMIN = "/admin/communaute/confidentialityincident/"


def admin_client_for(client, user):
    activate_totp(user)
    client.force_login(user)
    return client


def privacy_officer():
    officer = MemberFactory(display_name="Responsable de la protection", is_staff=True)
    officer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="communaute",
            codename__in=[
                "view_confidentialityincident",
                "add_confidentialityincident",
                "change_confidentialityincident",
            ],
        )
    )
    return MemberFactory._meta.model.objects.get(pk=officer.pk)  # fresh permission cache


def incident_form(**overrides):
    return {
        "occurred_at_0": "2026-11-30",
        "occurred_at_1": "22:15",
        "discovered_at_0": "2026-12-01",
        "discovered_at_1": "09:30",
        "description": "Un courriel de rappel envoyé à 40 membres montrait toutes les adresses.",
        "personal_information": "Adresses électroniques des membres",
        "people_count": "40",
        "serious_injury_risk": "",
        "risk_assessment": "Adresses seules, pas de renseignement sensible : risque faible.",
        "commission_notified_at_0": "",
        "commission_notified_at_1": "",
        "people_notified_at_0": "",
        "people_notified_at_1": "",
        "measures": "Envoi en copie cachée imposé ; excuses envoyées.",
        **overrides,
    }


def record(actor, **overrides):
    from django.utils import timezone

    fields = {
        "discovered_at": timezone.now(),
        "description": "Une pièce jointe privée a été rendue publique par erreur.",
        "personal_information": "Curriculum vitæ d'une artiste",
        "people_count": 1,
        "risk_assessment": "Document peu sensible, retiré en une heure.",
        "measures": "Lien retiré, personne avisée.",
    }
    incident = ConfidentialityIncident(**{**fields, **overrides})
    return save_incident(incident, actor=actor)


def test_the_privacy_officer_records_an_incident_and_its_first_version(client):
    officer = privacy_officer()
    admin = admin_client_for(client, officer)

    response = admin.post(f"{ADMIN}add/", incident_form())

    assert response.status_code == 302, response.content.decode()[:3000]
    incident = ConfidentialityIncident.objects.get()
    assert incident.people_count == 40
    assert incident.recorded_by == officer
    version = incident.versions.get()
    assert version.changed_by == officer
    assert version.snapshot["people_count"] == 40
    assert version.snapshot["personal_information"] == "Adresses électroniques des membres"


def test_completing_an_entry_keeps_every_version_and_shows_them(client):
    officer = privacy_officer()
    admin = admin_client_for(client, officer)
    admin.post(f"{ADMIN}add/", incident_form())
    incident = ConfidentialityIncident.objects.get()

    response = admin.post(
        f"{ADMIN}{incident.pk}/change/",
        incident_form(people_notified_at_0="2026-12-02", people_notified_at_1="10:00"),
    )

    assert response.status_code == 302
    first, second = incident.versions.order_by("id")
    assert first.snapshot["people_notified_at"] is None
    assert second.snapshot["people_notified_at"].startswith("2026-12-02T10:00")
    page = admin.get(f"{ADMIN}{incident.pk}/change/").content.decode()
    assert "Responsable de la protection" in page
    assert "Personnes concernées avisées le" in page
    assert "2026-12-02 10:00" in page
    # The versions are shown, never offered as fields to edit.
    assert 'name="versions' not in page


def test_nobody_deletes_an_entry_not_even_a_superuser(client, staff):
    incident = record(staff)
    admin = admin_client_for(client, staff)

    assert admin.get(f"{ADMIN}{incident.pk}/delete/").status_code == 403
    assert admin.post(f"{ADMIN}{incident.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = admin.get(ADMIN).content.decode()
    assert "delete_selected" not in changelist
    response = admin.post(
        ADMIN, {"action": "delete_selected", "_selected_action": [incident.pk], "post": "yes"}
    )
    assert response.status_code in {200, 302}
    assert ConfidentialityIncident.objects.filter(pk=incident.pk).exists()


def test_the_model_and_queryset_refuse_deletion_and_versions_refuse_changes(staff):
    incident = record(staff)
    version = incident.versions.get()

    with pytest.raises(PermissionDenied):
        incident.delete()
    with pytest.raises(PermissionDenied):
        ConfidentialityIncident.objects.all().delete()
    with pytest.raises(PermissionDenied):
        version.delete()
    with pytest.raises(PermissionDenied):
        ConfidentialityIncidentVersion.objects.filter(pk=version.pk).update(snapshot={})
    version.snapshot = {}
    with pytest.raises(PermissionDenied):
        version.save()
    assert ConfidentialityIncidentVersion.objects.get(pk=version.pk).snapshot["people_count"] == 1


def test_a_moderator_without_the_permission_is_refused(client, staff):
    incident = record(staff)
    moderator = MemberFactory(roles=[roles.ANIMATION], is_staff=True)
    admin = admin_client_for(client, moderator)

    assert admin.get(ADMIN).status_code == 403
    assert admin.get(f"{ADMIN}{incident.pk}/change/").status_code in {302, 403}
    assert admin.get(f"{ADMIN}exporter/").status_code == 403
    assert admin.post(f"{ADMIN}add/", incident_form()).status_code == 403
    assert "confidentialityincident" not in admin.get("/admin/").content.decode()
    with pytest.raises(PermissionDenied):
        record(moderator)
    assert ConfidentialityIncident.objects.count() == 1


def test_a_member_cannot_reach_the_register(client, member, staff):
    record(staff)
    client.force_login(member)
    assert client.get(f"{ADMIN}exporter/", follow=True).status_code == 403


def read_csv(response):
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # Excel reads the accents right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_register_exports_as_csv_with_french_headers(client):
    officer = privacy_officer()
    record(officer, serious_injury_risk=True)
    admin = admin_client_for(client, officer)

    response = admin.get(f"{ADMIN}exporter/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    header, row = read_csv(response)
    assert "Renseignements personnels concernés" in header
    assert "Risque de préjudice sérieux" in header
    assert row[header.index("Renseignements personnels concernés")] == (
        "Curriculum vitæ d'une artiste"
    )
    assert row[header.index("Risque de préjudice sérieux")] == "Oui"
    assert row[header.index("Commission d'accès à l'information avisée le")] == "—"
    assert row[header.index("Consigné par")] == "Responsable de la protection"
    assert row[header.index("Nombre de versions")] == "1"


def test_the_export_action_exports_the_chosen_incidents_only(client, staff):
    chosen = record(staff, personal_information="Numéros de téléphone")
    record(staff, personal_information="Adresses postales")
    admin = admin_client_for(client, staff)

    response = admin.post(ADMIN, {"action": "export_csv", "_selected_action": [chosen.pk]})

    rows = read_csv(response)
    assert len(rows) == 2
    assert "Numéros de téléphone" in rows[1]
    assert "Adresses postales" not in str(rows)


def test_the_changelist_offers_the_export_and_stays_within_a_query_budget(
    client, staff, django_assert_max_num_queries
):
    admin = admin_client_for(client, staff)
    record(staff)
    with django_assert_max_num_queries(20) as small:
        page = admin.get(ADMIN).content.decode()
    assert f"{ADMIN}exporter/" in page
    for _ in range(10):
        record(staff)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert admin.get(ADMIN).status_code == 200


def test_removing_the_recorders_account_keeps_the_entry_and_the_name_in_its_versions():
    officer = privacy_officer()
    incident = record(officer)

    officer.delete()

    incident.refresh_from_db()
    assert incident.recorded_by is None
    version = incident.versions.get()
    assert version.changed_by is None
    assert version.changed_by_name.startswith("Responsable de la protection <")
