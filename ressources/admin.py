from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ressources.models import (
    AccessRequest,
    AccessRequestEvent,
    FundingCall,
    FundingDeadline,
    Gathering,
    GatheringRegistration,
    Need,
    Organization,
    Representative,
    Service,
)
from ressources.services.catalogue import archive_service, publish_service, refresh_derived_fields
from ressources.services.funding import archive_call, publish_call
from ressources.services.needs import refresh_need_search


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    raw_id_fields = ["member"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "service_count", "contact_email"]
    list_filter = ["kind", "regions", "serves_in_english"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "disciplines"]
    inlines = [RepresentativeInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("services"), ordering="service_total")
    def service_count(self, organization):
        return organization.service_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(service_total=Count("services"))


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "availability", "cost_model", "last_reviewed"]
    list_filter = [
        "status",
        "category",
        "audience",
        "delivery",
        "cost_model",
        "availability",
        "organizations",
    ]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organizations", "disciplines", "regions"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "created_at"
    actions = ["publish", "archive"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_derived_fields(form.instance)

    @admin.action(description=_("Publier les services choisis"))
    @transaction.atomic
    def publish(self, request, queryset):
        for service in queryset:
            publish_service(service, actor=request.user)
        self._report(request, queryset.count())

    @admin.action(description=_("Archiver les services choisis"))
    @transaction.atomic
    def archive(self, request, queryset):
        for service in queryset:
            archive_service(service, actor=request.user)
        self._report(request, queryset.count())

    def _report(self, request, count):
        self.message_user(
            request,
            ngettext("%(count)d service mis à jour.", "%(count)d services mis à jour.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class AccessRequestEventInline(admin.TabularInline):
    model = AccessRequestEvent
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "kind",
        "actor",
        "by_organization",
        "from_status",
        "to_status",
        "message",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["service", "member", "on_behalf", "status", "created_at", "updated_at"]
    list_filter = ["status", "on_behalf", "service__category", "service__organizations"]
    search_fields = ["service__title", "member__email", "member__display_name", "message"]
    list_select_related = ["service", "member"]
    raw_id_fields = ["service", "member"]
    # The status moves on the site only, where each change is recorded and notified.
    readonly_fields = ["status", "created_at", "updated_at", "closed_at"]
    inlines = [AccessRequestEventInline]


# Who shares a need, and the satisfaction answers, stay out of the admin: the site shows only
# counts, and the answers are only ever read aggregated in the portrait.
@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = [
        "title", "category", "province", "status", "supporter_count", "organization_count",
        "created_at",
    ]  # fmt: skip
    list_filter = ["status", "category", "province", "urgency"]
    search_fields = ["title", "description"]
    filter_horizontal = ["disciplines"]
    fields = [
        "title", "description", "category", "disciplines", "province", "urgency", "status",
        "met_by_service", "met_at", "topic", "supporter_count", "organization_count",
        "created_at",
    ]  # fmt: skip
    # Marking a need met goes through its page, which tells everyone who shares it.
    readonly_fields = [
        "status", "met_by_service", "met_at", "topic", "supporter_count", "organization_count",
        "created_at",
    ]  # fmt: skip
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_need_search(obj)


class FundingDeadlineInline(admin.TabularInline):
    model = FundingDeadline
    extra = 1
    fields = ["date", "time", "time_zone", "label"]


# The editors' moderation step: members' suggestions arrive as « Proposé », filtered first; an
# editor checks them, links the funder's organization and publishes. Closed calls are
# archived, never deleted, so that their partner searches stay readable.
@admin.register(FundingCall)
class FundingCallAdmin(admin.ModelAdmin):
    list_display = ["program", "funder", "funder_name", "status", "follower_count", "updated_at"]
    list_filter = ["status", "for_artists", "for_organizations", "for_collectives", "provinces"]
    search_fields = ["program", "summary", "funder__name", "funder_name"]
    list_select_related = ["funder"]
    autocomplete_fields = ["funder"]
    raw_id_fields = ["suggested_by"]
    filter_horizontal = ["disciplines", "provinces"]
    readonly_fields = ["status", "suggested_by", "follower_count", "created_at", "updated_at"]
    inlines = [FundingDeadlineInline]
    actions = ["publish", "archive"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        # A changed deadline must replace the copy in the members' calendars.
        for deadline_form in formset.forms:
            if deadline_form.instance.pk and deadline_form.has_changed():
                deadline_form.instance.sequence += 1
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Publier les appels choisis"))
    def publish(self, request, queryset):
        done = 0
        for call in queryset:
            try:
                publish_call(call)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{call}: {error.messages[0]}", messages.ERROR)
        self._report(request, done)

    @admin.action(description=_("Archiver les appels choisis (appels fermés)"))
    def archive(self, request, queryset):
        for call in queryset:
            archive_call(call)
        self._report(request, queryset.count())

    def _report(self, request, count):
        self.message_user(
            request,
            ngettext("%(count)d appel mis à jour.", "%(count)d appels mis à jour.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class GatheringRegistrationInline(admin.TabularInline):
    model = GatheringRegistration
    extra = 0
    # Seats and the waiting list move only through the services (they keep the order and the
    # counters under the gathering's lock): the admin reads them.
    fields = ["member", "status", "share_contact", "created_at", "promoted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Gathering)
class GatheringAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "time_zone",
        "organizer",
        "status",
        "registered_count",
        "waiting_count",
    ]
    list_filter = ["status", "kind", "attendance", "province", "organizer"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["organization", "space", "created_by"]
    readonly_fields = ["sequence", "registered_count", "waiting_count", "status"]
    inlines = [GatheringRegistrationInline]
