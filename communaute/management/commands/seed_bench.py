"""The benchmark's forum: `manage.py seed_bench --posts 100000` (communaute/bench_data.py).

It only adds a clearly named set (members @bench.invalid, spaces « Banc NN »), so it can sit
beside the demo content; still, it refuses a database where more than a few dozen other accounts
live (a real site) unless --force. --replace deletes an earlier bench set first.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from communaute import bench_data

# More accounts than the demo and a few tests make: likely a real site.
REAL_SITE_MEMBERS = 50


class Command(BaseCommand):
    help = "Adds a forum of a real one's shape for the benchmark (bulk inserts, deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--replace", action="store_true", help="Delete an earlier bench set.")
        parser.add_argument(
            "--force", action="store_true", help="Run even where many real accounts live."
        )

    def handle(self, *args, posts, seed, replace, force, **options):
        if posts < 1 or posts > 10_000_000:
            raise CommandError("--posts: between 1 and 10,000,000.")
        if bench_data.other_members_count() > REAL_SITE_MEMBERS and not force:
            raise CommandError(
                "This database holds real accounts: seed_bench belongs on a database of its own "
                "(or pass --force)."
            )
        if bench_data.bench_exists():
            if not replace:
                raise CommandError("A bench set exists already (--replace deletes it first).")
            bench_data.remove_bench()
        started = time.monotonic()
        summary = bench_data.build_bench(posts, seed=seed)
        # Fresh statistics, as autovacuum would gather a little later: without them the planner
        # takes the new rows for an empty table (a search then ran for minutes at 100,000 posts).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            # The BRIN index on the posts' ids summarizes the ranges COPY filled, as autovacuum
            # does shortly after (autosummarize): unsummarized, the search reads them all.
            cursor.execute("SELECT brin_summarize_new_values('post_id_brin')")
        self.stdout.write(
            f"{summary.posts} posts in {summary.topics} topics, {summary.spaces} spaces, "
            f"{summary.members} members, {summary.read_states} read states, "
            f"{summary.reactions} reactions: {time.monotonic() - started:.1f} s."
        )
