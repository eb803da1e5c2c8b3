"""Search that stays fast at 1,000,000 posts (issue #16, communaute/selectors/search.py).

- A BRIN index on the posts' ids: the search reads a word's newest matches one range of ids
  at a time, and the BRIN restricts the GIN's matches to that range for a few pages.
- The GIN's pending list (new posts' words, kept aside until a vacuum merges them) is read in
  full by every search: at its default 4 MB that was 415 pages per search, more than the rest
  of a rare word's search. It is kept to 64 kB (8 pages), flushed here once.
- No parallel workers for the posts' scans: starting them cost a search 10 to 30 ms, several
  times the scan they shared (the site's queries are short, like its jit=off).
"""

import django.contrib.postgres.indexes
from django.db import migrations

GIN = "post_search_vector_gin"


class Migration(migrations.Migration):
    dependencies = [("communaute", "0036_email_invitations")]

    operations = [
        migrations.AddIndex(
            model_name="post",
            index=django.contrib.postgres.indexes.BrinIndex(
                autosummarize=True, fields=["id"], name="post_id_brin"
            ),
        ),
        migrations.RunSQL(
            [
                f"ALTER INDEX {GIN} SET (gin_pending_list_limit = 64)",
                f"SELECT gin_clean_pending_list('{GIN}')",
                "ALTER TABLE communaute_post SET (parallel_workers = 0)",
            ],
            [
                "ALTER TABLE communaute_post RESET (parallel_workers)",
                f"ALTER INDEX {GIN} RESET (gin_pending_list_limit)",
            ],
        ),
    ]
