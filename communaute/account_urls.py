"""Account settings of our own, beside allauth's pages under /comptes/."""

from django.urls import path

from . import views

app_name = "compte"

urlpatterns = [
    path("profil/", views.profile_edit, name="profile_edit"),
    path("mes-donnees/", views.data_export, name="data_export"),
    path("suppression/", views.account_delete, name="delete"),
]
