"""The reference rows of the benchmark (passerelles/settings/bench_django_default.py only): the bare
view behind Django's default middleware, for a visitor, and for a member signed in with Django's
default sessions, whose view asks who they are as every page of a member does. No deployment
uses it."""

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import path

from passerelles.bench_urls import bare


def signed_in(request: HttpRequest) -> HttpResponse:
    # Refused without the session, so that a lost sign-in stops the benchmark (bench.warm).
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    return bare(request)


urlpatterns = [path("", bare), path("membre/", signed_in)]
