"""A GIN index on the posts' search document (PostgreSQL only)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS post_search_vector_gin "
            "ON communaute_post USING gin (search_vector);"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS post_search_vector_gin;")


class Migration(migrations.Migration):
    dependencies = [("communaute", "0005_post_search")]

    operations = [migrations.RunPython(forwards, backwards)]
