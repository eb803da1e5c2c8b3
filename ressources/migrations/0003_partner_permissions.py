"""Partners manage their organization's services from the site; admins keep every permission."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    app_config = apps.get_app_config("ressources")
    app_config.models_module = True  # historical app configs have none, which skips creation
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    partner, _created = Group.objects.get_or_create(name="Partenaire")
    partner.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="ressources",
            codename__in=["add_service", "change_service", "view_accessrequest"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("ressources", "0002_search_indexes"), ("communaute", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
