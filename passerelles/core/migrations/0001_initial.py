from django.db import migrations, models

from passerelles.core.vocabularies import DisciplineChoice


def create_disciplines(apps, schema_editor):
    Discipline = apps.get_model("core", "Discipline")
    for position, code in enumerate(DisciplineChoice.values):
        Discipline.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Discipline",
            fields=[
                ("code", models.CharField(max_length=32, primary_key=True, serialize=False, verbose_name="code")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="ordre")),
            ],
            options={"verbose_name": "discipline", "verbose_name_plural": "disciplines", "ordering": ["position"]},
        ),
        migrations.RunPython(create_disciplines, migrations.RunPython.noop),
    ]
