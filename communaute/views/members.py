from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communaute import avatars
from communaute.forms.members import DeleteAccountForm, ProfileForm
from communaute.hooks import profiles, welcome
from communaute.models import Member
from communaute.permissions.contact import can_block, check_block_permission
from communaute.permissions.members import can_edit_profile, check_view_profile_permission
from communaute.selectors import blocks as block_selectors
from communaute.selectors import directory as directory_selectors
from communaute.selectors import members as selectors
from communaute.services.blocks import block_member, unblock_member
from communaute.services.members import delete_account, export_personal_data, update_profile
from passerelles.core.forms import add_refusal


@login_required
def member_detail(request, handle):
    member = get_object_or_404(selectors.members_for_profile(), handle=handle)
    check_view_profile_permission(request.viewer, member)
    return render(
        request,
        "communaute/members/member_detail.html",
        {
            "member": member,
            "can_edit": can_edit_profile(request.viewer, member),
            "can_block": can_block(request.viewer, member),
            "has_blocked": block_selectors.has_blocked(request.user, member),
            # The member's consent decides whether any organization shows (services/consents.py).
            "affiliations": profiles.affiliations(member) if member.show_organization else [],
            "recent_posts": directory_selectors.recent_posts(member, request.viewer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_block(request, handle):
    """A confirmation page that says what blocking does, then the block."""
    member = get_object_or_404(Member.objects.filter(is_active=True), handle=handle)
    check_view_profile_permission(request.viewer, member)
    check_block_permission(request.viewer, member)
    if request.method == "POST":
        block_member(member, blocker=request.user)
        messages.success(
            request,
            _("Vous avez bloqué %(name)s. Cette personne n'en est pas informée.")
            % {"name": member.public_name},
        )
        return redirect(member.get_absolute_url())
    return render(
        request,
        "communaute/members/member_block.html",
        {"member": member, "has_blocked": block_selectors.has_blocked(request.user, member)},
    )


@login_required
@require_POST
def member_unblock(request, handle):
    # A closed account can still be taken off the list: no profile check here.
    member = get_object_or_404(Member, handle=handle)
    unblock_member(member, blocker=request.user)
    messages.success(request, _("Vous avez débloqué %(name)s.") % {"name": member.public_name})
    if request.POST.get("depuis") == "liste" or not member.is_active:
        return redirect("compte:blocked_members")
    return redirect(member.get_absolute_url())


@login_required
@require_GET
def blocked_members(request):
    return render(
        request,
        "communaute/members/blocked_members.html",
        {"blocks": block_selectors.blocks_made(request.user)},
    )


@login_required
def welcome_page(request):
    """Where a new member lands once their address is confirmed: the next steps to take."""
    steps = welcome.steps_for(request.viewer)
    return render(
        request,
        "communaute/members/welcome.html",
        {"steps": steps, "steps_left": sum(not step["done"] for step in steps)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    # A fresh copy: a refused form must not leave half-changed values on request.user.
    member = get_object_or_404(selectors.members_for_profile(), pk=request.user.pk)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=member)
    else:
        form = ProfileForm(instance=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_profile(
                member,
                actor=request.user,
                changes=data,
                disciplines=data["disciplines"],
                skills=data["skills"],
                avatar=data.get("avatar"),
                remove_avatar=data.get("remove_avatar", False),
            )
        except ValidationError as refusal:
            # Too many photo changes this hour: the form comes back with what was typed.
            add_refusal(form, refusal)
        else:
            messages.success(request, _("Votre profil est enregistré."))
            if data.get("avatar"):
                messages.info(request, _("Votre nouvelle photo apparaîtra dans un instant."))
            return redirect(member.get_absolute_url())
    return render(request, "communaute/members/profile_form.html", {"form": form, "member": member})


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    if request.method == "POST":
        archive = export_personal_data(request.user)
        filename = f"passerelles-mes-donnees-{timezone.localdate():%Y-%m-%d}.zip"
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "communaute/members/data_export.html")


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        member = request.user
        delete_account(member, actor=member)
        logout(request)
        messages.success(
            request,
            _(
                "Votre compte et vos données personnelles ont été supprimés. "
                "Merci d'avoir participé."
            ),
        )
        return redirect("/")
    return render(request, "communaute/members/account_delete.html", {"form": form})


# A monogram never changes at its address (the letters and the colour are the address).
MONOGRAM_CACHE_SECONDS = 365 * 24 * 60 * 60


@require_GET
def monogram(request, colour, letters):
    """A member's monogram as SVG, for anyone: it shows only the initials of a name the page
    that asks for it already shows (communaute/avatars.py)."""
    if colour >= len(avatars.PALETTE) or not avatars.are_initials(letters):
        raise Http404
    response = HttpResponse(
        avatars.monogram_svg(letters, colour), content_type="image/svg+xml; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=MONOGRAM_CACHE_SECONDS, immutable=True)
    # Opened on its own, the image may load and run nothing.
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
