from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from communaute.authentication import member_entries, reading_only
from communaute.permissions.access import SignInRequired
from communaute.permissions.two_factor import is_privileged_page, lacks_required_two_factor
from communaute.permissions.viewer import (
    SAFE_METHODS,
    serve_instead,
    serving,
    viewer_of_request,
)
from passerelles.core import read_ahead, shared_parts
from passerelles.core.sessions import known_owner


class ViewerMiddleware:
    """Give each request its Viewer, built when a permission first asks: a request that
    checks none loads neither the user nor any of their facts, unless this process knows its
    session's owner; a member's page that only reads finds them all in one cache look-up
    (StoredViewer), with the session and the entries its view declares (read_ahead.declare)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        only_reads = request.method in SAFE_METHODS
        with reading_only(only_reads), read_ahead.request_scope():
            request.viewer = SimpleLazyObject(lambda: viewer_of_request(request))
            with serving(request.viewer):
                return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Once the address is resolved, the view's own entries are known too: one round trip
        # for everything a page that only reads asks the cache (issue 16, the member's path).
        if request.method not in SAFE_METHODS:
            return None
        known = known_owner(getattr(request, "session", None))
        member_id = known[1] if known is not None else None
        keys = [known[0], *member_entries(member_id)] if known is not None else []
        declared = read_ahead.declared(view_func, request, member_id, view_kwargs)
        if declared:
            keys += shared_parts.with_generation(declared)
        read_ahead.ahead(keys)
        user = getattr(request, "user", None)
        if known is not None and user is not None and user.is_authenticated:
            # Every page of theirs asks who they are dozens of times: the member and their
            # viewer rather than lazy objects in front of them, now that they cost no round
            # trip.
            request.user = user._wrapped if isinstance(user, SimpleLazyObject) else user
            request.viewer = viewer_of_request(request)
            serve_instead(request.viewer)
        return None

    def process_exception(self, request, exception):
        # The access functions decide (communaute/permissions/access.py); here, the answer:
        # the sign-in page, which brings the visitor back to the address they opened.
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None


# Where the setup page sends the member back once TOTP is on (set from a GET only).
TWO_FACTOR_NEXT_SESSION_KEY = "two_factor_next"
# Whether the notice shows on the other pages. Kept in the session (set at sign-in, on each
# privileged page and when an authenticator is added or removed: communaute/signals.py) so
# that ordinary pages cost no query; the enforcement below always asks the database.
TWO_FACTOR_MISSING_SESSION_KEY = "two_factor_missing"


def remember_two_factor_state(request, missing: bool) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.get(TWO_FACTOR_MISSING_SESSION_KEY, False) != missing:
        session[TWO_FACTOR_MISSING_SESSION_KEY] = missing


class TwoFactorMiddleware:
    """Role holders without TOTP are sent to set it up before any privileged page.

    Privileged pages and roles are decided in communaute/permissions/two_factor.py; the rest
    of the site stays open to them, with a notice on every page until they have set it up
    (communaute.context_processors.two_factor)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else None
        if not is_privileged_page(request.path, view_name):
            return None
        missing = lacks_required_two_factor(user)
        remember_two_factor_state(request, missing)
        if not missing:
            return None
        if request.method == "GET":
            request.session[TWO_FACTOR_NEXT_SESSION_KEY] = request.get_full_path()
        messages.warning(
            request,
            _(
                "Votre rôle permet de publier ou de modérer : activez la double "
                "authentification avant d'accéder à cette page."
            ),
        )
        return redirect("mfa_activate_totp")
