from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    """For load balancers and uptime checks: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def contact(request):
    return render(
        request,
        "core/contact.html",
        {
            "contact_email": settings.CONTACT_EMAIL,
            "contact_address": settings.CONTACT_ADDRESS,
            "privacy_officer_name": settings.PRIVACY_OFFICER_NAME,
            "privacy_officer_email": settings.PRIVACY_OFFICER_EMAIL,
        },
    )
