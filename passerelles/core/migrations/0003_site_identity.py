"""The name allauth's emails sign with ("Passerelles Culture", not "example.com")."""

from django.db import migrations


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        pk=1, defaults={"domain": "passerelles-culture.ca", "name": "Passerelles Culture"}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_french_unaccent_search"), ("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
