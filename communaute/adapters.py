from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


def _home_url():
    # The home page in the language of the page the person was on (/ or /en/).
    return reverse("wagtail_serve", args=("",))


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        return _home_url()

    def get_logout_redirect_url(self, request):
        return _home_url()
