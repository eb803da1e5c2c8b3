"""Existing members' settings become their first consent records, so history starts somewhere.

The directory opt-in, the email frequency ("none" is a withdrawal) and the organization shown
(every organization was shown until now) are written as decisions carried over, with a text that
says so: nobody read a consent sentence for them.
"""

from django.db import migrations
from django.utils import timezone

CARRIED_OVER = "carried_over"
TEXTS = {
    "directory": (
        "Choix repris de vos réglages antérieurs à l'ouverture du centre de confidentialité : "
        "paraître dans le répertoire des membres (case de votre profil)."
    ),
    "emails": (
        "Choix repris de vos réglages antérieurs à l'ouverture du centre de confidentialité : "
        "recevoir vos notifications et leurs résumés par courriel (préférences de courriel)."
    ),
    "organization": (
        "Choix repris de vos réglages antérieurs à l'ouverture du centre de confidentialité : "
        "l'organisation inscrite à votre profil y était affichée."
    ),
}


def carry_over_consents(apps, schema_editor):
    Member = apps.get_model("communaute", "Member")
    EmailPreference = apps.get_model("communaute", "EmailPreference")
    ConsentRecord = apps.get_model("communaute", "ConsentRecord")
    no_emails = set(
        EmailPreference.objects.filter(frequency="none").values_list("member_id", flat=True)
    )
    already = set(ConsentRecord.objects.values_list("member_id", flat=True).distinct())
    now = timezone.now()
    rows = []
    members = Member.objects.exclude(pk__in=already).values_list(
        "pk", "in_directory", "show_organization"
    )
    for pk, in_directory, show_organization in members.iterator(chunk_size=1000):
        states = {
            "directory": in_directory,
            "emails": pk not in no_emails,
            "organization": show_organization,
        }
        rows.extend(
            ConsentRecord(
                member_id=pk,
                purpose=purpose,
                given=given,
                text=TEXTS[purpose],
                language="fr",
                source=CARRIED_OVER,
                created_at=now,
            )
            for purpose, given in states.items()
        )
        if len(rows) >= 3000:
            ConsentRecord.objects.bulk_create(rows)
            rows = []
    ConsentRecord.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("communaute", "0025_consent_records")]

    operations = [migrations.RunPython(carry_over_consents, migrations.RunPython.noop)]
