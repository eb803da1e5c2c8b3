from django.db import migrations, models

from passerelles.core.vocabularies import ServiceRegion


def create_regions(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    for position, code in enumerate(ServiceRegion.values):
        Region.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("core", "0003_site_identity")]

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                ("code", models.CharField(max_length=32, primary_key=True, serialize=False, verbose_name="code")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="ordre")),
            ],
            options={"verbose_name": "région", "verbose_name_plural": "régions", "ordering": ["position"], "abstract": False},
        ),
        migrations.RunPython(create_regions, migrations.RunPython.noop),
    ]
