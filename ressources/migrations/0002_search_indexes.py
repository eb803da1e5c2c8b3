"""Full-text and trigram indexes for the catalogue (PostgreSQL only; SQLite has neither)."""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS service_search_vector_gin ON ressources_service USING gin (search_vector);
CREATE INDEX IF NOT EXISTS service_title_trgm ON ressources_service USING gin (title gin_trgm_ops);
"""
DROP = """
DROP INDEX IF EXISTS service_search_vector_gin;
DROP INDEX IF EXISTS service_title_trgm;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("ressources", "0001_initial"), ("core", "0002_french_unaccent_search")]

    operations = [migrations.RunPython(forwards, backwards)]
