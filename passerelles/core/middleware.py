import logging

from django.core.exceptions import BadRequest

from passerelles.core.views import DATABASE_UNAVAILABLE_ERRORS, database_unavailable

logger = logging.getLogger(__name__)

# The public site loads nothing from another host and runs no inline script.
PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Wagtail's and Django's admins use inline styles and scripts of their own; still same-host only.
ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
    ]
)
ADMIN_PREFIXES = ("/admin/", "/cms/")


class NulByteMiddleware:
    """PostgreSQL refuses a NUL byte in text, and no person types one: an address carrying one
    (in its query string, where every view may read a filter) answers the 400 page at once,
    before a view passes it to a query and answers 500. Forms refuse it field by field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
            raise BadRequest("NUL byte in the address")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view whose database refuses (down, full, no free connection in the pool) answers the
    503 page with Retry-After, and the log gets one line instead of a traceback per request.
    Errors raised outside views take the handler500 path (passerelles.core.views.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            return None
        logger.warning(
            "Database unavailable on %s %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
        )
        return database_unavailable(request)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(ADMIN_PREFIXES)
            response["Content-Security-Policy"] = ADMIN_POLICY if admin else PUBLIC_POLICY
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
