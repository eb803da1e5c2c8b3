"""`manage.py bench_search`: the search, timed in process on the current database (issue #16).

For each query, --requests runs of the posts' search (the selector, its hits read as the page
reads them) and of the whole /recherche/ page through the test client, anonymous: median and
95th percentile in milliseconds, and the page's SQL queries. Run it on a seed_bench database
(`DATABASE_URL=... manage.py bench_search`); it only reads.
"""

import statistics
import time

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communaute import bench_data
from communaute.models import Post
from communaute.selectors.search import search_posts

QUERIES = [
    bench_data.COMMON_WORD,
    bench_data.RARE_WORD,
    f"{bench_data.COMMON_WORD} festival",
    f"{bench_data.RARE_WORD} {bench_data.COMMON_WORD}",
    "subventions régionales",
    "introuvable",
]


def timed(run, requests):
    run()
    durations = []
    for _ in range(requests):
        start = time.perf_counter()
        run()
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    p95 = durations[max(0, round(len(durations) * 0.95) - 1)]
    return statistics.median(durations), p95


class Command(BaseCommand):
    help = "Times the search in process (selector and page) on the current database."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50)
        parser.add_argument("query", nargs="*", help="queries (default: the benchmark's)")

    def handle(self, *args, requests, query, **options):
        client = Client(HTTP_HOST="127.0.0.1")
        url = reverse("search:search")
        self.stdout.write(f"{Post.objects.count():,} posts, {requests} runs per query")
        self.stdout.write("| query | selector p50 | p95 | page p50 | p95 | queries | results |")
        self.stdout.write("|---|---:|---:|---:|---:|---:|---|")
        for text in query or QUERIES:

            def selector(text=text):
                hits = search_posts(text, AnonymousUser())
                return hits[:20], hits.count(), hits.capped

            _, total, capped = selector()
            select_p50, select_p95 = timed(selector, requests)
            page_p50, page_p95 = timed(lambda text=text: client.get(url, {"q": text}), requests)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, {"q": text})
            results = f"{'> ' if capped else ''}{total}"
            self.stdout.write(
                f"| {text} | {select_p50:.1f} | {select_p95:.1f} | {page_p50:.1f} | "
                f"{page_p95:.1f} | {len(queries)} | {results} |"
            )
