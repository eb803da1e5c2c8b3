"""Who must use two-factor authentication, and where: the one place that decides.

Everyone who can publish or moderate (staff, superusers, the Partenaire, Animation and Rédaction
groups, anyone with access to the Wagtail admin) signs in with a TOTP code as well as a
password: a stolen password alone must not publish on the partners' behalf or hide members'
posts. The check runs on every request to a privileged page (communaute.middleware.
TwoFactorMiddleware), not only at sign-in, so that a member given a role later is asked at
their next privileged page.

Privileged pages are the two admins (by path prefix) and the views each app registers by name
(`register_privileged_views`, called from the AppConfig.ready() of communaute and ressources),
so that the list lives with the views it protects and /en/… addresses count too.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from communaute.permissions import roles

# Groups whose members publish (Rédaction, Partenaire) or moderate (Animation).
PRIVILEGED_GROUPS = (roles.PARTNER, roles.ANIMATION, roles.EDITORIAL)
# The Django admin and the Wagtail admin (never under a language prefix: see passerelles/urls).
PRIVILEGED_PATH_PREFIXES = ("/admin/", "/cms/")
# Permission that lets a staff member who is not a superuser reset another member's 2FA.
RESET_PERMISSION = "communaute.reset_two_factor"

_privileged_views: set[str] = set()


def register_privileged_views(*view_names: str) -> None:
    """Declare views ("namespace:name") that only role holders reach: they require 2FA."""
    _privileged_views.update(view_names)


def privileged_view_names() -> frozenset[str]:
    return frozenset(_privileged_views)


def is_privileged_page(path: str, view_name: str | None) -> bool:
    return path.startswith(PRIVILEGED_PATH_PREFIXES) or view_name in _privileged_views


def must_use_two_factor(user) -> bool:
    """Whether the account holds a role that publishes or moderates."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    # One query, asked on every page a signed-in member opens (the notice): a privileged group,
    # or the Wagtail admin access, which another group or the account itself may hold.
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(
            Q(groups__name__in=PRIVILEGED_GROUPS)
            | Q(
                groups__permissions__codename="access_admin",
                groups__permissions__content_type__app_label="wagtailadmin",
            )
            | Q(
                user_permissions__codename="access_admin",
                user_permissions__content_type__app_label="wagtailadmin",
            )
        )
        .exists()
    )


def has_two_factor(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def lacks_required_two_factor(user) -> bool:
    """A role holder who has not set up TOTP yet (asked to before any privileged page)."""
    return must_use_two_factor(user) and not has_two_factor(user)


def can_reset_two_factor(actor, member) -> bool:
    """Another administrator resets a member's 2FA when the phone is lost; never one's own
    (an attacker holding an admin's password alone must not remove that admin's second
    factor)."""
    if not actor.is_authenticated or not actor.is_active or actor.pk == member.pk:
        return False
    return actor.is_superuser or (actor.is_staff and actor.has_perm(RESET_PERMISSION))


def check_reset_two_factor_permission(actor, member) -> None:
    if actor.is_authenticated and actor.pk == member.pk:
        raise PermissionDenied(
            _(
                "Vous ne pouvez pas réinitialiser votre propre double authentification : "
                "demandez-le à une autre personne de l'administration."
            )
        )
    if not can_reset_two_factor(actor, member):
        raise PermissionDenied(
            _(
                "Seules les personnes de l'administration autorisées réinitialisent la "
                "double authentification d'un membre."
            )
        )
