"""The pages' CSRF token, masked with one read of randomness (passerelles.core.context_processors
.csrf): the middleware accepts it as it accepts Django's, and refuses what it always refused."""

import pytest
from django.conf import settings
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _unmask_cipher_token,
    get_token,
)
from django.test import Client, RequestFactory

from passerelles.core.context_processors import masked_csrf_token

pytestmark = pytest.mark.django_db

SECRET = ("aZ09" * 8)[:CSRF_SECRET_LENGTH]


def request_with_cookie(secret=SECRET):
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret
    return request


def test_the_token_unmasks_to_the_cookies_secret_with_a_new_mask_each_time():
    request = request_with_cookie()
    tokens = {masked_csrf_token(request) for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert len(token) == 2 * CSRF_SECRET_LENGTH
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET
    # As get_token(): the cookie goes out again, to renew its expiry.
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_the_masks_use_the_whole_alphabet():
    # A mask drawn with a wrong modulus would leave characters out.
    request = request_with_cookie()
    masks = "".join(masked_csrf_token(request)[:CSRF_SECRET_LENGTH] for _ in range(200))
    assert set(masks) == set(CSRF_ALLOWED_CHARS)


@pytest.mark.parametrize("secret", [None, "", "short", "é" * CSRF_SECRET_LENGTH])
def test_without_a_usable_secret_django_makes_the_cookie(secret):
    request = RequestFactory().get("/")
    if secret is not None:
        request.META["CSRF_COOKIE"] = secret
    token = masked_csrf_token(request)
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    assert len(request.META["CSRF_COOKIE"]) == CSRF_SECRET_LENGTH


def test_djangos_token_and_ours_share_one_secret():
    request = request_with_cookie()
    assert _unmask_cipher_token(get_token(request)) == _unmask_cipher_token(
        masked_csrf_token(request)
    )


def test_a_members_form_posts_with_the_pages_token_and_not_without(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get("/communaute/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert _unmask_cipher_token(token) == client.cookies[settings.CSRF_COOKIE_NAME].value
    refused = client.post("/comptes/logout/", {"csrfmiddlewaretoken": token[::-1]})
    assert refused.status_code == 403
    signed_out = client.post("/comptes/logout/", {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session
