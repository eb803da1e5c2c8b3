"""The portrait of the sector's needs: the page, its printable version and its CSV."""

import csv

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from passerelles.core.links import absolute_url
from ressources import charts
from ressources.selectors import portrait

SECTIONS_TEMPLATE = "ressources/portrait/_portrait_sections.html"


def portrait_sections() -> str:
    """The figures, charts and tables, the same for every reader: rendered once per language
    and day, then read from the cache while nothing they count changes (portrait.forget)."""
    key = f"portrait:sections:{get_language()}:{timezone.localdate().isoformat()}"
    found = cache.get_many([portrait.VERSION_KEY, key])
    version = found.get(portrait.VERSION_KEY) or portrait.current_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    built = portrait.build()
    # Without the request, so without context processors: nothing of one reader (their name,
    # a CSRF token) can enter what every reader is served.
    html = render_to_string(
        SECTIONS_TEMPLATE,
        {
            "portrait": built,
            "charts": charts.portrait_charts(built),
            "tile_map": charts.tile_map(built.provinces),
            "min_answers": portrait.SATISFACTION_MIN_ANSWERS,
        },
    )
    # Under the version read before counting: a write committed meanwhile makes it stale.
    cache.set(key, (version, html), portrait.CACHE_SECONDS)
    return html


def portrait_page(request):
    print_view = request.GET.get("version") == "impression"
    return render(
        request,
        "ressources/portrait/portrait_print.html"
        if print_view
        else "ressources/portrait/portrait.html",
        {
            "sections": portrait_sections(),
            "portrait_url": absolute_url(reverse("ressources:portrait")),
        },
    )


def portrait_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portrait-des-besoins.csv"'
    # The byte order mark lets spreadsheet software read the accents right.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in portrait.csv_rows(portrait.build(), extracted_on=timezone.localdate()):
        writer.writerow([str(value) for value in row])
    return response
