from django.utils.functional import SimpleLazyObject

from communaute.permissions.viewer import Viewer, serving


class ViewerMiddleware:
    """Give each request its Viewer, built when a permission first asks: a page that checks
    none (a static asset, the health check) loads neither the user nor any of their facts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: Viewer(request.user))
        with serving(request.viewer):
            return self.get_response(request)
