"""The scheduler's jobs in the Django admin: what ran, how it went, what runs next."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passerelles.core.models import ScheduledJob
from passerelles.core.scheduler import get_job, run_soon


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    """Read-only: the scheduler writes these rows. "Run now" only makes a job due, so that the
    scheduler runs it (once, under its lock) at its next pass, within a minute."""

    list_display = [
        "name",
        "schedule_label",
        "last_started_at",
        "last_finished_at",
        "last_status",
        "consecutive_failures",
        "next_run_at",
    ]
    list_filter = ["last_status"]
    fields = [
        "name",
        "job_description",
        "schedule_label",
        "next_run_at",
        "last_started_at",
        "last_finished_at",
        "last_status",
        "consecutive_failures",
        "last_result",
        "last_error",
    ]
    readonly_fields = fields
    actions = ["run_now"]

    @admin.display(description=_("description"))
    def job_description(self, row):
        job = get_job(row.name)
        return job.description if job else row.description

    @admin.display(description=_("horaire"))
    def schedule_label(self, row):
        job = get_job(row.name)
        return job.schedule_label if job else _("(n'existe plus)")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_run_permission(self, request):
        return request.user.has_perm("core.change_scheduledjob")

    @admin.action(description=_("Lancer maintenant"), permissions=["run"])
    def run_now(self, request, queryset):
        count = run_soon(list(queryset.values_list("name", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)s tâche sera lancée au prochain passage du planificateur (moins "
                "d'une minute).",
                "%(count)s tâches seront lancées au prochain passage du planificateur (moins "
                "d'une minute).",
                count,
            )
            % {"count": count},
        )
