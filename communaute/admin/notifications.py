"""Admin screens of the notification centre: notifications, their emails, email choices."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communaute.models import EmailDelivery, EmailPreference, Notification
from communaute.notifications.tasks import send_now


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient", "actor"]
    list_select_related = ["recipient"]


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
