from contextvars import ContextVar

from django.utils.functional import SimpleLazyObject

from communaute.permissions.viewer import Viewer

_request_viewer: ContextVar[Viewer | None] = ContextVar("request_viewer", default=None)


class ViewerMiddleware:
    """Give each request its Viewer, built when a permission first asks: a page that checks
    none (a static asset, the health check) loads neither the user nor any of their facts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: Viewer(request.user))
        token = _request_viewer.set(request.viewer)
        try:
            return self.get_response(request)
        finally:
            _request_viewer.reset(token)


def viewer_for(user) -> Viewer:
    """The request's viewer when `user` is the request's own user object, else a new viewer.

    For code that a framework hands a user without the request: Wagtail asks its page
    permission policy and testers many times for each row of an admin listing, and a new
    viewer for each would read the same facts again every time.
    """
    viewer = _request_viewer.get()
    if viewer is not None and viewer.user is user:
        return viewer
    return Viewer(user)
