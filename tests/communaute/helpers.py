from .factories import PASSWORD


def sign_in(client, member, password=PASSWORD, prefix=""):
    """Sign in through allauth's form, as a person would (so the session counts as recent)."""
    response = client.post(
        f"{prefix}/comptes/login/", {"login": member.email, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def confirm_password(client, password=PASSWORD):
    """Sensitive pages (export, deletion) ask for the password again, as allauth's reauth does."""
    response = client.post("/comptes/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
