from django.urls import path

from . import views

app_name = "ressources"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("services/nouveau/", views.service_create, name="service_create"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("services/<slug:slug>/modifier/", views.service_edit, name="service_edit"),
    path("services/<slug:slug>/publier/", views.service_publish, name="service_publish"),
    path("services/<slug:slug>/archiver/", views.service_archive, name="service_archive"),
    path("services/<slug:slug>/demander/", views.request_create, name="request_create"),
    path("demandes/", views.my_requests, name="my_requests"),
    path("demandes/<int:pk>/", views.request_detail, name="request"),
    path("gestion/", views.manage, name="manage"),
    path("gestion/demandes/", views.request_dashboard, name="dashboard"),
    path("organisations/", views.organization_list, name="organizations"),
    path("organisations/<slug:slug>/", views.organization_detail, name="organization"),
]
