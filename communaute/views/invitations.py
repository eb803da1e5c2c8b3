"""Inviting people by email (/communaute/invitations/…) and the invited person's side
(/comptes/invitation/<token>/…)."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from communaute.forms.invitations import InvitationForm
from communaute.models import Invitation, Member
from communaute.permissions.invitations import can_invite_a_list, check_invite_permission
from communaute.selectors import invitations as selectors
from communaute.services.invitations import (
    accept_invitation,
    daily_limit,
    invite_people,
    refuse_invitations,
    revoke_invitation,
)

INVITATIONS_PER_PAGE = 50
# Where the signup started from an invitation goes on (communaute.signals, adapters).
SESSION_INVITATION = "invitation_id"
SESSION_AFTER_SIGNUP = "invitation_next"


@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    check_invite_permission(request.viewer)
    list_allowed = can_invite_a_list(request.viewer)
    form = InvitationForm(
        request.POST or None,
        spaces=selectors.spaces_open_to_invitations(request.viewer),
        list_allowed=list_allowed,
    )
    preview = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            lines = form.cleaned_data["addresses"]
            if list_allowed and request.POST.get("action") != "send":
                preview = selectors.sort_addresses(lines)
            else:
                try:
                    outcome = invite_people(
                        request.user,
                        lines,
                        note=form.cleaned_data["note"],
                        space=form.cleaned_data["space"],
                    )
                except ValidationError as refusal:
                    form.add_error("addresses", refusal)
                else:
                    _tell_outcome(request, outcome)
                    return redirect("communaute:invitations_sent")
        if not form.is_valid():
            status = 400
    return render(
        request,
        "communaute/invitations/invite.html",
        {
            "form": form,
            "preview": preview,
            "list_allowed": list_allowed,
            "daily_limit": daily_limit(request.viewer),
        },
        status=status,
    )


def _tell_outcome(request, outcome):
    if outcome.sent:
        messages.success(
            request,
            ngettext(
                "%(count)s invitation envoyée.", "%(count)s invitations envoyées.", outcome.sent
            )
            % {"count": outcome.sent},
        )
    if outcome.not_sent:
        messages.info(
            request,
            ngettext(
                "%(count)s invitation ne sera pas envoyée : la personne a déjà été invitée ou "
                "ne souhaite plus recevoir d'invitations.",
                "%(count)s invitations ne seront pas envoyées : ces personnes ont déjà été "
                "invitées ou ne souhaitent plus recevoir d'invitations.",
                outcome.not_sent,
            )
            % {"count": outcome.not_sent},
        )


@login_required
def invitations_sent(request):
    page = Paginator(selectors.invitations_sent_by(request.user), INVITATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "communaute/invitations/sent.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request, pk):
    # Someone else's invitation and a missing one read the same: not found.
    invitation = get_object_or_404(selectors.invitations_sent_by(request.user), pk=pk)
    if request.method == "POST":
        revoke_invitation(invitation, actor=request.user)
        messages.success(request, _("L'invitation est retirée : son lien ne fonctionne plus."))
        return redirect("communaute:invitations_sent")
    return render(request, "communaute/invitations/revoke.html", {"invitation": invitation})


def _unusable(request, invitation, reason, status):
    return render(
        request,
        "communaute/invitations/unusable.html",
        {"invitation": invitation, "reason": reason},
        status=status,
    )


def invitation(request, token):
    """The link of the email: a signup with the invited address already verified."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return _unusable(request, None, "unknown", 404)
    status = invitation.current_status
    if status == Invitation.Status.PENDING and selectors.is_refused(invitation.email):
        status = Invitation.Status.REFUSED
    if status != Invitation.Status.PENDING:
        return _unusable(request, invitation, status, 410)
    if request.user.is_authenticated:
        if request.user.email.lower() == invitation.email:
            return _accept_and_go(request, invitation, request.user)
        return _unusable(request, invitation, "signed_in", 200)
    if Member.objects.filter(email=invitation.email).exists():
        # Only the address's owner holds this link: telling them is no enumeration.
        return _unusable(request, invitation, "has_account", 200)
    get_adapter(request).stash_verified_email(request, invitation.email)
    request.session[SESSION_INVITATION] = invitation.pk
    return render(
        request, "communaute/invitations/welcome.html", {"invitation": invitation, "token": token}
    )


def _accept_and_go(request, invitation, member):
    space = accept_invitation(invitation, member=member)
    messages.success(request, _("Invitation acceptée : bienvenue !"))
    if space is not None:
        return redirect("communaute:space", slug=space.slug)
    return redirect("communaute:home")


@require_http_methods(["GET", "POST"])
def invitation_refuse(request, token):
    """« Ne plus recevoir d'invitations »: asked with a button, since mail scanners follow
    links, and honoured for every future inviter."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return _unusable(request, None, "unknown", 404)
    if request.method == "POST":
        refuse_invitations(invitation)
        return render(request, "communaute/invitations/refused.html", {"done": True})
    return render(request, "communaute/invitations/refused.html", {"done": False, "token": token})


def after_signup_url(request) -> str | None:
    return request.session.pop(SESSION_AFTER_SIGNUP, None)


def accept_after_signup(request, member) -> None:
    """Called when an account is created: the invitation that led there, if any, is used."""
    invitation_pk = request.session.pop(SESSION_INVITATION, None)
    invitation = Invitation.objects.filter(pk=invitation_pk).first() if invitation_pk else None
    if invitation is None or invitation.current_status != Invitation.Status.PENDING:
        return
    try:
        space = accept_invitation(invitation, member=member)
    except PermissionDenied:
        return
    if space is not None:
        request.session[SESSION_AFTER_SIGNUP] = reverse("communaute:space", args=[space.slug])
