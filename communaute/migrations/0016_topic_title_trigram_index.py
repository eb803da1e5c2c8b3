"""A trigram index on topic titles, for the similar-topic search (PostgreSQL only; SQLite
has no pg_trgm, and core's migration 0002 installs the extension)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS topic_title_trgm "
            "ON communaute_topic USING gin (title gin_trgm_ops);"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS topic_title_trgm;")


class Migration(migrations.Migration):
    dependencies = [
        ("communaute", "0015_moderation_and_facilitation"),
        ("core", "0002_french_unaccent_search"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
