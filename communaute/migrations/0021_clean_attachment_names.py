"""File names stored before they were cleaned lose their bidi and control characters too."""

from django.db import migrations

from passerelles.core.files import clean_file_name


def clean_names(apps, schema_editor):
    Attachment = apps.get_model("communaute", "Attachment")
    for attachment in Attachment.objects.only("pk", "original_name").iterator():
        cleaned = clean_file_name(attachment.original_name) or "fichier"
        if cleaned != attachment.original_name:
            Attachment.objects.filter(pk=attachment.pk).update(original_name=cleaned)


class Migration(migrations.Migration):
    dependencies = [("communaute", "0020_member_language")]

    operations = [migrations.RunPython(clean_names, migrations.RunPython.noop)]
