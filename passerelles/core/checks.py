from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def contact_details(app_configs, **kwargs):
    """The contact page and the privacy centre must tell the public whom to write to, and who
    answers for privacy (Law 25 asks to publish their title and contact details)."""
    missing = [
        name
        for name in ("CONTACT_EMAIL", "PRIVACY_OFFICER_NAME", "PRIVACY_OFFICER_EMAIL")
        if not getattr(settings, name, "")
    ]
    # A title is enough for the law in place of a name.
    if "PRIVACY_OFFICER_NAME" in missing and getattr(settings, "PRIVACY_OFFICER_TITLE", ""):
        missing.remove("PRIVACY_OFFICER_NAME")
    if not missing:
        return []
    return [
        Warning(
            f"{', '.join(missing)} not set: the contact page cannot say whom to write to.",
            hint="Set them in the environment (see the README's Configuration table).",
            id="passerelles.W001",
        )
    ]
