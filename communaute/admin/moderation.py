"""The moderation queue, suspensions and the audit log in Django admin.

Staff who moderate (superusers and the Animation group) work here; every action calls the same
service as the site, so permissions, audit rows and notifications are identical. The reason
typed above the action menu goes to the member concerned.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from communaute.models import Flag, ModerationAction, Suspension
from communaute.permissions.moderation import is_moderator
from communaute.selectors.moderation import moderated_spaces
from communaute.services import moderation
from passerelles.core.forms import TypedTextFormMixin


class ModerationActionForm(TypedTextFormMixin, ActionForm):
    reason = forms.CharField(
        label=_("Raison (transmise à la personne concernée)"), required=False, max_length=1000
    )
    days = forms.IntegerField(
        label=_("Durée de suspension (jours)"), required=False, min_value=1, max_value=365
    )


class ModeratorsOnly:
    """Only moderators who are staff see these screens; nobody adds or deletes rows here."""

    def has_module_permission(self, request):
        return request.user.is_staff and is_moderator(request.viewer)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_moderate_permission(self, request):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _run(self, request, items, write, done):
        """Apply a service to each item; refusals are reported, never half-hidden."""
        reason = request.POST.get("reason", "")
        count = 0
        for item in items:
            try:
                write(item, reason)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return
            except PermissionDenied as error:
                self.message_user(request, f"{item} : {error}", messages.ERROR)
                continue
            count += 1
        if count:
            self.message_user(request, done(count), messages.SUCCESS)


@admin.register(Flag)
class FlagAdmin(ModeratorsOnly, admin.ModelAdmin):
    action_form = ModerationActionForm
    list_display = ["excerpt", "space", "reason", "status", "post_state", "reporter", "created_at"]
    list_filter = ["status", "reason", ("post__topic__space", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["post__topic__space", "post__author", "reporter"]
    search_fields = ["post__body", "comment", "post__topic__title"]
    date_hierarchy = "created_at"
    fields = [
        "post_link",
        "post_author",
        "post_body",
        "reason",
        "comment",
        "reporter",
        "created_at",
        "status",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    actions = ["hide_posts", "restore_posts", "dismiss_flags", "lock_topics", "suspend_authors"]

    def get_queryset(self, request):
        # Private spaces stay private in the admin too: their reports go to their moderators.
        spaces = moderated_spaces(request.viewer).values("pk")
        return super().get_queryset(request).filter(post__topic__space__in=spaces)

    @admin.display(description=pgettext_lazy("forum post", "message"))
    def excerpt(self, flag):
        return Truncator(flag.post.body).chars(80)

    @admin.display(description=_("espace"), ordering="post__topic__space__name")
    def space(self, flag):
        return flag.post.topic.space

    @admin.display(description=_("masqué"), boolean=True)
    def post_state(self, flag):
        return flag.post.is_hidden

    @admin.display(description=_("sur le site"))
    def post_link(self, flag):
        url = reverse("communaute:post", kwargs={"pk": flag.post_id})
        return format_html('<a href="{}">{}</a>', url, flag.post.topic.title)

    @admin.display(description=_("auteur ou autrice"))
    def post_author(self, flag):
        return flag.post.author or _("Membre supprimé")

    @admin.display(description=_("texte du message"))
    def post_body(self, flag):
        return flag.post.body

    def _posts(self, queryset):
        return list({flag.post_id: flag.post for flag in queryset}.values())

    @admin.action(description=_("Masquer les messages signalés"), permissions=["moderate"])
    def hide_posts(self, request, queryset):
        self._run(
            request,
            self._posts(queryset),
            lambda post, reason: moderation.hide_post(post, actor=request.user, reason=reason),
            lambda count: ngettext("%d message masqué.", "%d messages masqués.", count) % count,
        )

    @admin.action(description=_("Rétablir les messages"), permissions=["moderate"])
    def restore_posts(self, request, queryset):
        self._run(
            request,
            self._posts(queryset),
            lambda post, reason: moderation.restore_post(post, actor=request.user, reason=reason),
            lambda count: ngettext("%d message rétabli.", "%d messages rétablis.", count) % count,
        )

    @admin.action(description=_("Classer sans suite"), permissions=["moderate"])
    def dismiss_flags(self, request, queryset):
        self._run(
            request,
            queryset.filter(status=Flag.Status.OPEN),
            lambda flag, reason: moderation.dismiss_flag(flag, actor=request.user, reason=reason),
            lambda count: (
                ngettext(
                    "%d signalement classé sans suite.",
                    "%d signalements classés sans suite.",
                    count,
                )
                % count
            ),
        )

    @admin.action(description=_("Verrouiller les sujets"), permissions=["moderate"])
    def lock_topics(self, request, queryset):
        topics = list({flag.post.topic_id: flag.post.topic for flag in queryset}.values())
        self._run(
            request,
            topics,
            lambda topic, reason: moderation.set_topic_locked(
                topic, actor=request.user, locked=True, reason=reason
            ),
            lambda count: ngettext("%d sujet verrouillé.", "%d sujets verrouillés.", count) % count,
        )

    @admin.action(
        description=_("Suspendre les auteurs et autrices (durée ci-dessus)"),
        permissions=["moderate"],
    )
    def suspend_authors(self, request, queryset):
        try:
            days = int(request.POST.get("days") or 0)
        except ValueError:
            days = 0
        authors = list(
            {
                flag.post.author_id: flag.post.author for flag in queryset if flag.post.author
            }.values()
        )
        self._run(
            request,
            authors,
            lambda member, reason: moderation.suspend_member(
                member, actor=request.user, days=days, reason=reason
            ),
            lambda count: ngettext("%d compte suspendu.", "%d comptes suspendus.", count) % count,
        )


@admin.register(Suspension)
class SuspensionAdmin(ModeratorsOnly, admin.ModelAdmin):
    action_form = ModerationActionForm
    list_display = ["member", "starts_at", "ends_at", "in_force", "created_by", "lifted_at"]
    list_select_related = ["member", "created_by"]
    search_fields = ["member__display_name", "member__email", "reason"]
    fields = ["member", "reason", "starts_at", "ends_at", "created_by", "lifted_at"]
    readonly_fields = fields
    actions = ["lift"]

    @admin.display(description=_("en vigueur"), boolean=True)
    def in_force(self, suspension):
        return suspension.is_active

    @admin.action(description=_("Lever les suspensions"), permissions=["moderate"])
    def lift(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda suspension, reason: moderation.lift_suspension(
                suspension, actor=request.user, reason=reason
            ),
            lambda count: ngettext("%d suspension levée.", "%d suspensions levées.", count) % count,
        )


@admin.register(ModerationAction)
class ModerationActionAdmin(ModeratorsOnly, admin.ModelAdmin):
    list_display = ["created_at", "actor", "kind", "target", "member", "space", "reason"]
    list_filter = ["kind", ("space", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["actor", "member", "space"]
    search_fields = ["target", "reason", "actor__display_name", "member__display_name"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "actor",
        "kind",
        "target",
        "member",
        "space",
        "topic",
        "post",
        "reason",
        "details",
    ]
    readonly_fields = fields
    actions = None

    def get_queryset(self, request):
        spaces = moderated_spaces(request.viewer).values("pk")
        return (
            super()
            .get_queryset(request)
            .filter(models.Q(space__isnull=True) | models.Q(space__in=spaces))
        )
