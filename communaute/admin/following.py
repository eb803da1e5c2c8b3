"""Admin screens for the emails of the notification centre and for announcements."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communaute.models import Announcement, EmailDelivery, EmailPreference
from communaute.notifications.emails import send_now


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ["recipient", "subject_or_kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipient__email"]
    list_select_related = ["recipient", "notification"]
    raw_id_fields = ["recipient", "notification"]
    readonly_fields = [
        "recipient",
        "notification",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["send_now"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("objet ou sorte"))
    def subject_or_kind(self, delivery):
        return delivery.subject or (delivery.notification.kind if delivery.notification else "")

    @admin.action(
        description=_("Envoyer maintenant les courriels choisis, même abandonnés"),
        permissions=["change"],
    )
    def send_now(self, request, queryset):
        sent = send_now(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d courriel envoyé.", "%(count)d courriels envoyés.", sent)
            % {"count": sent},
            messages.SUCCESS,
        )


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["member", "frequency", "last_digest_at", "updated_at"]
    list_filter = ["frequency"]
    search_fields = ["member__email"]
    raw_id_fields = ["member"]
    list_select_related = ["member"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "author", "created_at"]
    list_filter = ["space"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    list_select_related = ["space", "author"]

    # Published from the space's page (which notifies its members): here, read or delete only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
