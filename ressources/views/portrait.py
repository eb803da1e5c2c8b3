"""The portrait of the sector's needs: the page, its printable version and its CSV."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from passerelles.core.links import absolute_url
from ressources.selectors import portrait


def portrait_page(request):
    print_view = request.GET.get("version") == "impression"
    return render(
        request,
        "ressources/portrait/portrait_print.html"
        if print_view
        else "ressources/portrait/portrait.html",
        {
            "sections": portrait.sections_html(),
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
