"""The register of confidentiality incidents (Law 25) in Django admin.

Only the person in charge of the protection of personal information (the model's view, add and
change permissions) and superusers see it. Entries may be completed as facts come in, never
deleted, not even by a superuser; each save goes through the service, which keeps a version, and
the change page shows every version read-only. The register exports as a CSV that Excel opens.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communaute.models import ConfidentialityIncident
from communaute.permissions.privacy import can_record_incident, can_view_incident_register
from communaute.selectors.privacy import incident_register_csv, incident_versions
from communaute.services.privacy import save_incident


def csv_response(content: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"registre-incidents-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(ConfidentialityIncident)
class ConfidentialityIncidentAdmin(admin.ModelAdmin):
    change_list_template = "admin/communaute/confidentialityincident/change_list.html"
    list_display = [
        "discovered_at",
        "occurred_at",
        "people_count",
        "serious_injury_risk",
        "commission_notified_at",
        "people_notified_at",
        "recorded_by",
    ]
    list_filter = [
        "serious_injury_risk",
        ("commission_notified_at", admin.EmptyFieldListFilter),
        ("people_notified_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["description", "personal_information", "measures"]
    date_hierarchy = "discovered_at"
    list_select_related = ["recorded_by"]
    readonly_fields = ["recorded_by", "created_at", "updated_at", "history"]
    fieldsets = [
        (
            _("L'incident"),
            {
                "fields": [
                    "occurred_at",
                    "discovered_at",
                    "description",
                    "personal_information",
                    "people_count",
                ]
            },
        ),
        (_("Évaluation du risque"), {"fields": ["serious_injury_risk", "risk_assessment"]}),
        (
            _("Avis et mesures"),
            {"fields": ["commission_notified_at", "people_notified_at", "measures"]},
        ),
        (_("Historique"), {"fields": ["recorded_by", "created_at", "updated_at", "history"]}),
    ]
    actions = ["export_csv"]

    def has_module_permission(self, request):
        return can_view_incident_register(request.user)

    def has_view_permission(self, request, obj=None):
        return can_view_incident_register(request.user)

    def has_add_permission(self, request):
        return can_record_incident(request.user, creating=True)

    def has_change_permission(self, request, obj=None):
        return can_record_incident(request.user, creating=False)

    def has_delete_permission(self, request, obj=None):
        # The register is a history: nobody deletes an entry, superusers included.
        return False

    def save_model(self, request, obj, form, change):
        save_incident(obj, actor=request.user)

    @admin.display(description=_("versions enregistrées"))
    def history(self, incident):
        if incident.pk is None:
            return "—"
        return render_to_string(
            "admin/communaute/confidentialityincident/history.html",
            {"versions": incident_versions(incident)},
        )

    @admin.action(description=_("Exporter les incidents choisis (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return csv_response(incident_register_csv(queryset))

    def get_urls(self):
        return [
            path(
                "exporter/",
                self.admin_site.admin_view(self.export_view),
                name="communaute_confidentialityincident_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return csv_response(incident_register_csv())
