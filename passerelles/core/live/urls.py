"""The push channel, outside i18n_patterns: one address whatever the page's language."""

from django.urls import path

from passerelles.core.live import views

app_name = "live"

urlpatterns = [
    path("flux/", views.stream, name="stream"),
    path("etat/", views.state, name="state"),
]
