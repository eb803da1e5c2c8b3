"""Services' and needs' search documents rebuilt with every word kept (french_unaccent_words, as
ressources/services/catalogue.py and needs.py now write them), so that "son" finds the sound
equipment and not "saison". Their GIN indexes (0002, 0005) serve the new documents as well."""

from django.db import migrations

REBUILD = """
UPDATE ressources_service SET search_vector =
    setweight(to_tsvector('french_unaccent_words', COALESCE(title, '')), 'A')
    || setweight(to_tsvector('french_unaccent_words', COALESCE(summary, '')), 'B')
    || setweight(to_tsvector('french_unaccent_words', COALESCE(description, '')), 'C');
UPDATE ressources_need SET search_vector =
    setweight(to_tsvector('french_unaccent_words', COALESCE(title, '')), 'A')
    || setweight(to_tsvector('french_unaccent_words', COALESCE(description, '')), 'B');
"""


class Migration(migrations.Migration):
    dependencies = [
        ("ressources", "0005_needs_matching_feedback"),
        ("core", "0005_search_configurations_every_word"),
    ]

    operations = [migrations.RunSQL(REBUILD, migrations.RunSQL.noop)]
