"""The bare view of the benchmark (passerelles/settings/bench_bare.py only): the fastest answer
Django gives on this machine, the unit the pages are measured against."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", bare)]
