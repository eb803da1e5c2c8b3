"""The person in charge of the protection of personal information, as the site publishes them."""

from django.conf import settings


def privacy_officer() -> dict[str, str]:
    """Their name, title and address from the settings. Without an address of their own, the
    team's: the public must always have somewhere to write (Law 25, section 3.2)."""
    return {
        "name": settings.PRIVACY_OFFICER_NAME,
        "title": settings.PRIVACY_OFFICER_TITLE,
        "email": settings.PRIVACY_OFFICER_EMAIL or settings.CONTACT_EMAIL,
    }
