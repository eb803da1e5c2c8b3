"""`make run` prints its emails as a person reads them, not as MIME source."""

from tests.core.test_settings import run_manage

LINK = "http://127.0.0.1:8000/comptes/confirm-email/" + "Mg:1vRabc-" * 8 + "/"
SEND = (
    "from django.core.mail import send_mail; "
    "send_mail('Vérifiez votre adresse courriel', 'Bonjour Léa,\\n\\nSuivez ce lien : "
    + LINK
    + "', None, ['lea@exemple.test'])"
)


def test_the_development_server_prints_emails_decoded_with_whole_links():
    result = run_manage(
        "shell", "-c", SEND, env={"DJANGO_SETTINGS_MODULE": "passerelles.settings.dev"}
    )
    assert result.returncode == 0, result.stderr
    assert "Subject: Vérifiez votre adresse courriel" in result.stdout
    assert "To:      lea@exemple.test" in result.stdout
    assert "Bonjour Léa," in result.stdout
    assert f"Suivez ce lien : {LINK}" in result.stdout
    assert "=?utf-8?" not in result.stdout
    assert "Content-Transfer-Encoding" not in result.stdout


def test_an_email_url_still_chooses_the_backend_in_development():
    check = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = run_manage(
        "shell",
        "-c",
        check,
        env={"DJANGO_SETTINGS_MODULE": "passerelles.settings.dev", "EMAIL_URL": "locmem://"},
    )
    assert result.stdout.splitlines()[-1] == "django.core.mail.backends.locmem.EmailBackend"
