"""Admin screen for invitations by email: who invited whom, read-mostly."""

from django.contrib import admin

from communaute.models import Invitation, InvitationOptOut


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "inviter", "space", "status", "emailed", "created_at", "accepted_by"]
    list_filter = ["status", "emailed", "space"]
    search_fields = ["email", "inviter__email", "inviter__display_name"]
    list_select_related = ["inviter", "space", "accepted_by"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Invitation._meta.fields]

    # Invitations are sent and revoked by members (communaute/services/invitations.py): an
    # admin reads them, and may delete one.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InvitationOptOut)
class InvitationOptOutAdmin(admin.ModelAdmin):
    list_display = ["address_hash", "created_at"]

    # A refusal is the address owner's own decision: nobody edits or removes it here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
