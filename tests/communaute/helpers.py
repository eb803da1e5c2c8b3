from django.core.cache import cache
from django.urls import reverse

from communaute.selectors.spaces import join_link_token
from tests.communaute.factories import PASSWORD, current_totp_code


def sign_in(client, member, password=PASSWORD, prefix=""):
    """Sign in through allauth's form, as a person would (so the session counts as recent);
    a member with TOTP (every role holder) gives the code their app shows."""
    response = client.post(
        f"{prefix}/comptes/login/", {"login": member.email, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    if response["Location"].startswith(f"{prefix}/comptes/2fa/authenticate/"):
        code = current_totp_code(member)
        response = client.post(f"{prefix}/comptes/2fa/authenticate/", {"code": code})
        assert response.status_code == 302, response.content.decode()[:2000]
        # allauth refuses a code used twice within its 30 s: a test may sign in twice.
        cache.delete(f"allauth.mfa.totp.used?user={member.pk}&code={code}")
    return response


def confirm_password(client, password=PASSWORD):
    """Sensitive pages (export, deletion) ask for the password again, as allauth's reauth does."""
    response = client.post("/comptes/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def join_link(space):
    """The address animators share so that outsiders may ask to join their private space."""
    return reverse("communaute:space_join_link", kwargs={"token": join_link_token(space)})
