from django.contrib.auth.views import redirect_to_login
from django.utils.functional import SimpleLazyObject

from communaute.permissions.access import SignInRequired
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

    def process_exception(self, request, exception):
        # The access functions decide (communaute/permissions/access.py); here, the answer:
        # the sign-in page, which brings the visitor back to the address they opened.
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None
