"""The site's addresses as the development server (DEBUG) has them: uploads served under /media/."""

from passerelles.urls import media_urlpatterns
from passerelles.urls import urlpatterns as site_urlpatterns

urlpatterns = [*media_urlpatterns, *site_urlpatterns]
