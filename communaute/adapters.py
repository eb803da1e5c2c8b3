from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from communaute.views.invitations import after_signup_url


def _home_url():
    # The home page in the language of the page the person was on (/ or /en/).
    return reverse("wagtail_serve", args=("",))


def _welcome_url():
    return reverse("compte:welcome")


class AccountAdapter(DefaultAccountAdapter):
    """Where allauth sends people: a new member to the welcome page, everyone else home.

    A `next` address, when there is one, wins over all of these (allauth asks it first).
    """

    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        # The site's emails will speak the language the signup page was in (/ or /en/).
        user.language = translation.get_supported_language_variant(
            getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
        )
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        return _home_url()

    def get_signup_redirect_url(self, request):
        # An invitation to a space leads into it; otherwise reached when the confirmation
        # link signs the new member in (the signup is resumed).
        return after_signup_url(request) or _welcome_url()

    def get_email_verification_redirect_url(self, email_address):
        if self.request.user.is_authenticated:
            # An address added or changed from the account settings.
            return self.get_login_redirect_url(self.request)
        # Confirmed from another browser than the signup's: signing in ends on the welcome page.
        return f"{reverse('account_login')}?{urlencode({'next': _welcome_url()})}"

    def get_logout_redirect_url(self, request):
        return _home_url()
