"""The member's path in the benchmark (passerelles/settings/bench_member_path.py only): the bare
view's answer, behind all of the site's middleware, after what every page of a signed-in member
asks — who they are, whether they are suspended, the header's two numbers (issue 16, item 4).
No deployment uses it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from communaute.selectors.members import header_counts


def member_path(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        request.viewer.active_suspension  # noqa: B018 (read for its cost)
        header_counts(request.user)
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", member_path)]
