"""Account settings of our own, beside allauth's pages under /comptes/."""

from django.urls import path

from communaute.views import following as following_views
from communaute.views import invitations as invitation_views
from communaute.views import members as views
from communaute.views import privacy as privacy_views

app_name = "compte"

urlpatterns = [
    path("bienvenue/", views.welcome_page, name="welcome"),
    path("profil/", views.profile_edit, name="profile_edit"),
    path("notifications/", following_views.email_preferences, name="email_preferences"),
    path("confidentialite/", privacy_views.privacy_centre, name="privacy_centre"),
    path(
        "confidentialite/<slug:purpose>/",
        privacy_views.consent_change,
        name="consent_change",
    ),
    path("invitation/<str:token>/", invitation_views.invitation, name="invitation"),
    path(
        "invitation/<str:token>/ne-plus-recevoir/",
        invitation_views.invitation_refuse,
        name="invitation_refuse",
    ),
    path("membres-bloques/", views.blocked_members, name="blocked_members"),
    path("mes-donnees/", views.data_export, name="data_export"),
    path("suppression/", views.account_delete, name="delete"),
]
