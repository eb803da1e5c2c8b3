from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from communaute.models import ConsentRecord, LinkPreview, Member, Space, SpaceMembership
from communaute.permissions.two_factor import RESET_PERMISSION, can_reset_two_factor
from communaute.services import two_factor as two_factor_services
from communaute.services.members import remove_member
from communaute.services.previews import fetch_preview
from passerelles.core.forms import SiteForm
from passerelles.core.images import bounded_webp


class ResetTwoFactorForm(SiteForm):
    reason = forms.CharField(
        label=_("Raison de la réinitialisation"),
        help_text=_(
            "Inscrite au journal de modération, par exemple : « téléphone perdu, demande "
            "reçue par courriel le 5 décembre et identité vérifiée par téléphone »."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(Member)
class MemberAdmin(UserAdmin):
    actions = ["reset_two_factor"]
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
    # Consents are the member's own decisions, changed in their privacy centre where each one
    # is recorded: the admin shows them, never changes them silently.
    readonly_fields = ["last_login", "date_joined", "in_directory", "show_organization"]
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
                    "show_organization",
                    "language",
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

    @admin.action(
        description=_("Réinitialiser la double authentification (téléphone perdu)"),
        permissions=["reset_two_factor"],
    )
    def reset_two_factor(self, request, queryset):
        """Confirmation page first (what the reset does); on confirmation, the service."""
        members = list(queryset)
        if any(member.pk == request.user.pk for member in members):
            self.message_user(
                request,
                gettext(
                    "Vous ne pouvez pas réinitialiser votre propre double authentification : "
                    "demandez-le à une autre personne de l'administration."
                ),
                messages.ERROR,
            )
            return None
        if not all(can_reset_two_factor(request.user, member) for member in members):
            raise PermissionDenied
        form = ResetTwoFactorForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            for member in members:
                two_factor_services.reset_two_factor(
                    member, actor=request.user, reason=form.cleaned_data["reason"]
                )
            self.message_user(
                request,
                ngettext(
                    "La double authentification de %(count)d membre est réinitialisée ; "
                    "un courriel lui explique quoi faire.",
                    "La double authentification de %(count)d membres est réinitialisée ; "
                    "un courriel leur explique quoi faire.",
                    len(members),
                )
                % {"count": len(members)},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/communaute/member/reset_two_factor.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Réinitialiser la double authentification"),
                "opts": self.model._meta,
                "members": members,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def has_reset_two_factor_permission(self, request):
        # Superusers, or staff given "Peut réinitialiser la double authentification…".
        return request.user.is_superuser or request.user.has_perm(RESET_PERMISSION)

    def delete_model(self, request, obj):
        remove_member(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            remove_member(member, actor=request.user)


@admin.register(LinkPreview)
class LinkPreviewAdmin(admin.ModelAdmin):
    """Cards are read from other sites: an admin can see them, remove a bad one, or reread it."""

    list_display = ["url", "status", "title", "fetched_at"]
    list_filter = ["status"]
    search_fields = ["url", "title"]
    readonly_fields = ["url", "status", "title", "description", "site_name", "image", "fetched_at"]
    actions = ["reread"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Relire les pages choisies"))
    def reread(self, request, queryset):
        for preview in queryset:
            fetch_preview.enqueue(preview.url)
        self.message_user(request, _("Les pages choisies seront relues dans un instant."))


COVER_MAX_SIDE = 1600


class SpaceMembershipInline(admin.TabularInline):
    model = SpaceMembership
    extra = 0
    fields = ["member", "role"]
    autocomplete_fields = ["member"]
    verbose_name_plural = _("membres de l'espace")


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    """Spaces are opened here; their animators run them from the site."""

    list_display = ["name", "visibility", "topic_count", "post_count", "last_activity_at"]
    list_filter = ["visibility"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["topic_count", "post_count", "last_activity_at"]
    fields = ["name", "slug", "description", "visibility", "cover", *readonly_fields]
    inlines = [SpaceMembershipInline]

    def save_model(self, request, obj, form, change):
        if "cover" in form.changed_data and obj.cover:
            # Re-encoded: no camera metadata, no heavy picture for modest connections.
            obj.cover.save("couverture.webp", bounded_webp(obj.cover, COVER_MAX_SIDE), save=False)
        super().save_model(request, obj, form, change)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """The consent history, read-only: it is evidence of what each member agreed to."""

    list_display = ["created_at", "member", "purpose", "given", "source"]
    list_filter = ["purpose", "given", "source"]
    search_fields = ["member__display_name", "member__email"]
    list_select_related = ["member"]
    date_hierarchy = "created_at"
    readonly_fields = ["member", "purpose", "given", "text", "language", "source", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
