"""A space's own pages: its topic list, joining and leaving, and the animators' members page
(join requests, invitations, roles, removal, the join link)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communaute import fragments
from communaute.forms.forum import InviteForm, JoinRequestForm
from communaute.models import JoinRequest, Space, SpaceMembership
from communaute.permissions.access import space_or_404
from communaute.permissions.forum import (
    can_animate_space,
    can_post_in_space,
    can_view_space,
    check_animate_space_permission,
    is_space_member,
)
from communaute.permissions.moderation import can_moderate_space
from communaute.selectors import spaces as selectors
from communaute.services.forum import (
    answer_invitation,
    decide_join_request,
    invite_quietly,
    join_space,
    leave_space,
    remove_from_space,
    renew_join_link,
    set_space_role,
)
from passerelles.core import read_ahead, shared_parts
from passerelles.core.forms import id_or_none
from passerelles.core.links import absolute_url


@read_ahead.declare(fragments.space_page_keys)
def space_detail(request, slug):
    shared_parts.ahead(fragments.space_page_keys(request, request.user.pk, slug))
    space = space_or_404(request.viewer, slug, kept=True)
    query = fragments.list_query(request)
    only, tag = query.only, query.tag
    moderates = can_moderate_space(request.viewer, space)
    parts = fragments.space_parts(space, request.viewer, query, moderates=moderates)
    page = parts.page
    filters = {k: v for k, v in (("filtre", only), ("etiquette", tag)) if v}
    return render(
        request,
        "communaute/forum/space_detail.html",
        {
            "space": space,
            "page": page,
            "previous_query": _page_query(filters, "avant", page.previous_cursor, page.number - 1),
            "next_query": _page_query(filters, "apres", page.next_cursor, page.number + 1),
            "only": only,
            "tag": tag,
            "shared": parts.shared,
            "announcements": parts.announcements,
            "can_post": can_post_in_space(request.viewer, space),
            "is_member": is_space_member(request.viewer, space),
            "can_animate": can_animate_space(request.viewer, space),
            "can_moderate": moderates,
            "suspended": request.viewer.active_suspension is not None,
            "upcoming": parts.upcoming,
        },
    )


def _page_query(filters, key, cursor, number):
    """The query string of a neighbouring page of the topic list; "" for none, "?" alone
    for the first page."""
    if cursor is None:
        return ""
    if not cursor:
        return "?" + urlencode(filters)
    return "?" + urlencode({**filters, key: cursor, "page": number})


def _join(request, space, message=""):
    """Join or ask to join; True when the member is in, False when animators will decide."""
    result = join_space(space, member=request.user, message=message)
    if isinstance(result, JoinRequest):
        messages.success(
            request, _("Votre demande est envoyée aux personnes qui animent l'espace.")
        )
        return False
    messages.success(request, _("Vous faites maintenant partie de cet espace."))
    return True


@login_required
@require_POST
def space_join(request, slug):
    # Outsiders to a private space ask through its join link: here it does not exist for them.
    space = space_or_404(request.viewer, slug)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, error)
        return redirect("communaute:space", slug=space.slug)
    _join(request, space, form.cleaned_data["message"])
    return redirect("communaute:space", slug=space.slug)


@require_http_methods(["GET", "POST"])
def space_join_link(request, token):
    """The link animators share: a private space's name and description, and a way to ask
    in. Nothing else of the space shows until its animators say yes."""
    space = selectors.space_from_join_token(token)
    if space is None:
        raise Http404
    if can_view_space(request.viewer, space):
        return redirect("communaute:space", slug=space.slug)
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        if form.is_valid():
            if _join(request, space, form.cleaned_data["message"]):
                return redirect("communaute:space", slug=space.slug)
            return redirect(request.path)
    pending = request.user.is_authenticated and selectors.has_pending_join_request(
        request.user, space
    )
    return render(
        request,
        "communaute/forum/space_join_link.html",
        {
            "space": space,
            "form": form,
            "pending_request": pending,
            "suspended": request.viewer.active_suspension is not None,
        },
    )


@login_required
@require_POST
def space_leave(request, slug):
    space = space_or_404(request.viewer, slug)
    try:
        leave_space(space, member=request.user)
    except PermissionDenied as refusal:
        messages.error(request, refusal.args[0])
    else:
        messages.success(request, _("Vous avez quitté cet espace."))
    return redirect("communaute:space", slug=space.slug)


MEMBERS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def space_members(request, slug):
    """The animators' page: who belongs to the space, who asks to join, who is invited."""
    space = space_or_404(request.viewer, slug)
    check_animate_space_permission(request.viewer, space)
    if request.method == "POST":
        join_request = get_object_or_404(
            selectors.join_requests_of(space), pk=id_or_none(request.POST.get("request"))
        )
        approve = request.POST.get("decision") == "approve"
        decide_join_request(join_request, actor=request.user, approve=approve)
        messages.success(
            request,
            _("La personne est ajoutée à l'espace.") if approve else _("La demande est refusée."),
        )
        return redirect("communaute:space_members", slug=space.slug)
    return _render_members(request, space, InviteForm())


@login_required
@require_POST
def space_join_link_renew(request, slug):
    space = space_or_404(request.viewer, slug)
    renew_join_link(space, actor=request.user)
    messages.success(request, _("Voici un nouveau lien : celui d'avant ne mène plus nulle part."))
    return redirect(reverse("communaute:space_members", kwargs={"slug": space.slug}) + "#join-link")


def _render_members(request, space, invite_form, status=200):
    return render(
        request,
        "communaute/forum/space_members.html",
        {
            "space": space,
            "page": Paginator(selectors.memberships_of(space), MEMBERS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "requests": selectors.pending_join_requests(space),
            "invite_form": invite_form,
            "animator_role": SpaceMembership.Role.ANIMATOR,
            "join_link": absolute_url(
                reverse(
                    "communaute:space_join_link",
                    kwargs={"token": selectors.join_link_token(space)},
                )
            )
            if space.visibility == Space.Visibility.PRIVATE
            else None,
        },
        status=status,
    )


@login_required
@require_POST
def space_invite(request, slug):
    space = space_or_404(request.viewer, slug)
    check_animate_space_permission(request.viewer, space)
    form = InviteForm(request.POST)
    if form.is_valid():
        invite_quietly(space, actor=request.user, who=form.cleaned_data["who"])
        messages.success(
            request,
            _("Si cette adresse correspond à un compte, la personne recevra l'invitation."),
        )
        return redirect("communaute:space_members", slug=space.slug)
    return _render_members(request, space, form, status=400)


def _space_member_or_404(space, member_pk):
    return get_object_or_404(selectors.memberships_of(space), member_id=member_pk)


@login_required
@require_POST
def space_member_role(request, slug, member_pk):
    space = space_or_404(request.viewer, slug)
    check_animate_space_permission(request.viewer, space)
    membership = _space_member_or_404(space, member_pk)
    role = request.POST.get("role")
    if role not in SpaceMembership.Role.values:
        return redirect("communaute:space_members", slug=space.slug)
    try:
        set_space_role(space, actor=request.user, member=membership.member, role=role)
    except PermissionDenied as refusal:
        messages.error(request, refusal.args[0])
    else:
        messages.success(
            request, _("Le rôle de %(name)s est changé.") % {"name": membership.member.public_name}
        )
    return redirect("communaute:space_members", slug=space.slug)


@login_required
@require_http_methods(["GET", "POST"])
def space_member_remove(request, slug, member_pk):
    space = space_or_404(request.viewer, slug)
    check_animate_space_permission(request.viewer, space)
    membership = _space_member_or_404(space, member_pk)
    if request.method == "POST":
        try:
            remove_from_space(space, actor=request.user, member=membership.member)
        except PermissionDenied as refusal:
            messages.error(request, refusal.args[0])
        else:
            messages.success(
                request,
                _("%(name)s ne fait plus partie de l'espace.")
                % {"name": membership.member.public_name},
            )
        return redirect("communaute:space_members", slug=space.slug)
    return render(
        request,
        "communaute/forum/space_member_remove.html",
        {"space": space, "membership": membership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    """The invitations a member received, to accept or decline."""
    pending = selectors.invitations_received(request.user)
    if request.method == "POST":
        invitation = get_object_or_404(pending, pk=id_or_none(request.POST.get("invitation")))
        accept = request.POST.get("decision") == "accept"
        answer_invitation(invitation, member=request.user, accept=accept)
        if accept:
            messages.success(request, _("Bienvenue dans l'espace !"))
            return redirect("communaute:space", slug=invitation.space.slug)
        messages.success(request, _("L'invitation est déclinée."))
        return redirect("communaute:invitations")
    return render(
        request,
        "communaute/forum/invitations.html",
        {"invitations": pending},
    )
