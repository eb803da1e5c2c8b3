from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import Member, Notification
from .services.accounts import remove_member


@admin.register(Member)
class MemberAdmin(UserAdmin):
    ordering = ["display_name"]
    list_display = [
        "display_name",
        "email",
        "province",
        "organization_name",
        "is_active",
        "is_staff",
        "has_two_factor",
        "date_joined",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups", "province", "in_directory"]
    search_fields = ["display_name", "email", "handle", "organization_name"]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups", "user_permissions", "disciplines"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profil"),
            {
                "fields": [
                    "display_name",
                    "handle",
                    "disciplines",
                    "province",
                    "organization_name",
                    "bio",
                    "avatar",
                    "website",
                    "in_directory",
                ]
            },
        ),
        (
            _("Rôles et permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "password1", "password2"],
            },
        )
    ]

    @admin.display(boolean=True, description=_("2FA"), ordering="two_factor")
    def has_two_factor(self, member):
        return member.two_factor

    def get_queryset(self, request):
        two_factor = Exists(Authenticator.objects.filter(user=OuterRef("pk")))
        return super().get_queryset(request).annotate(two_factor=two_factor)

    def delete_model(self, request, obj):
        remove_member(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            remove_member(member, actor=request.user)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient", "actor"]
    list_select_related = ["recipient"]


from . import moderation_admin  # noqa: E402, F401  (the moderation queue and audit log)
