"""Admin screen for announcements."""

from django.contrib import admin

from communaute.models import Announcement


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
