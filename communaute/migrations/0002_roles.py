"""The portal's roles as groups. Later apps grant their own permissions in their migrations."""

from django.db import migrations

GROUP_PERMISSIONS = {
    "Membre": [],
    # Partners and editors work in the Wagtail admin (/cms/); their page permissions come
    # with the editorial pages.
    "Partenaire": [("wagtailadmin", "admin", "access_admin")],
    "Animation": [],
    "Rédaction": [("wagtailadmin", "admin", "access_admin")],
}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model, codename in permissions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename=codename,
                )
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("communaute", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
