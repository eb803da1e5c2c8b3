from django.urls import path

from ressources.views import access as access_views
from ressources.views import catalogue as views
from ressources.views import needs as need_views
from ressources.views import organizations as organization_views
from ressources.views import portrait as portrait_views

app_name = "ressources"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("services/nouveau/", views.service_create, name="service_create"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("services/<slug:slug>/modifier/", views.service_edit, name="service_edit"),
    path("services/<slug:slug>/publier/", views.service_publish, name="service_publish"),
    path("services/<slug:slug>/archiver/", views.service_archive, name="service_archive"),
    path("services/<slug:slug>/demander/", access_views.request_create, name="request_create"),
    path("demandes/", access_views.my_requests, name="my_requests"),
    path("demandes/<int:pk>/", access_views.request_detail, name="request"),
    path("demandes/<int:pk>/clore/", access_views.request_close, name="request_close"),
    path("demandes/<int:pk>/fil/", access_views.request_feed, name="request_feed"),
    path("demandes/fichiers/<int:pk>/", access_views.request_attachment, name="request_attachment"),
    path(
        "demandes/fichiers/<int:pk>/vignette/",
        access_views.request_attachment,
        {"thumbnail": True},
        name="request_attachment_thumbnail",
    ),
    path("gestion/", views.manage, name="manage"),
    path("gestion/demandes/", access_views.request_dashboard, name="dashboard"),
    path("gestion/demandes/<int:pk>/", access_views.request_manage, name="request_manage"),
    path("besoins/", need_views.need_list, name="needs"),
    path("besoins/nouveau/", need_views.need_create, name="need_create"),
    path("besoins/mes-besoins/", need_views.my_needs, name="my_needs"),
    path("besoins/semblables/", need_views.need_suggestions, name="need_suggestions"),
    path("besoins/<int:pk>/", need_views.need_detail, name="need"),
    path("besoins/<int:pk>/moi-aussi/", need_views.need_join, name="need_join"),
    path("besoins/<int:pk>/retirer/", need_views.need_leave, name="need_leave"),
    path("besoins/<int:pk>/conversation/", need_views.need_conversation, name="need_conversation"),
    path("besoins/<int:pk>/sondage/", need_views.need_poll, name="need_poll"),
    path("besoins/<int:pk>/comble/", need_views.need_mark_met, name="need_mark_met"),
    path("gestion/besoins/", need_views.demand, name="demand"),
    path("portrait/", portrait_views.portrait_page, name="portrait"),
    path("portrait/portrait-des-besoins.csv", portrait_views.portrait_csv, name="portrait_csv"),
    path("avis/<str:token>/", need_views.feedback, name="feedback"),
    path("avis/<str:token>/<slug:answer>/", need_views.feedback, name="feedback_answer"),
    path("organisations/", organization_views.organization_list, name="organizations"),
    path("organisations/<slug:slug>/", organization_views.organization_detail, name="organization"),
    path(
        "organisations/<slug:slug>/suivi/",
        organization_views.organization_follow,
        name="organization_follow",
    ),
]
