"""Two more text search configurations, beside french_unaccent (which drops French stop words):

- french_unaccent_words: the same stems, every word kept, for stored documents, so that a query
  made only of a stop word ("son", the sound of a show) still finds its whole word;
- simple_unaccent: no stemming, accents ignored, for names ("cote" finds "Côté").
"""

from django.db import migrations

CREATE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'french_stem_every_word') THEN
        CREATE TEXT SEARCH DICTIONARY french_stem_every_word (TEMPLATE = snowball, Language = french);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent_words') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent_words (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent_words
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH unaccent, french_stem_every_word;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'simple_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION simple_unaccent
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH unaccent, simple;
    END IF;
END
$$;
"""
DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent_words;
DROP TEXT SEARCH DICTIONARY IF EXISTS french_stem_every_word;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0004_region")]

    operations = [migrations.RunSQL(CREATE, DROP)]
