from django.urls import path

from ressources.views import access as access_views
from ressources.views import catalogue as views
from ressources.views import funding as funding_views
from ressources.views import gatherings as gathering_views
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
    path("financements/", funding_views.call_list, name="funding_calls"),
    path("financements/proposer/", funding_views.call_suggest, name="funding_suggest"),
    path("financements/suivis/", funding_views.followed, name="funding_followed"),
    path("financements/<int:pk>/", funding_views.call_detail, name="funding_call"),
    path("financements/<int:pk>/suivre/", funding_views.call_follow, name="funding_follow"),
    path(
        "financements/<int:pk>/partenaires/",
        funding_views.partner_search_create,
        name="partner_search_create",
    ),
    path(
        "financements/partenaires/<int:pk>/repondre/",
        funding_views.partner_search_answer,
        name="partner_search_answer",
    ),
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
    path("rencontres/", gathering_views.calendar_page, name="calendar"),
    path("rencontres/nouvelle/", gathering_views.gathering_create, name="gathering_create"),
    path("rencontres/calendrier.ics", gathering_views.calendar_feed, name="calendar_feed"),
    path(
        "rencontres/espaces/<slug:slug>/calendrier.ics",
        gathering_views.space_feed,
        name="space_calendar_feed",
    ),
    path(
        "rencontres/organisations/<slug:slug>/calendrier.ics",
        gathering_views.organization_feed,
        name="organization_calendar_feed",
    ),
    path("rencontres/mon-agenda/", gathering_views.my_calendar, name="my_calendar"),
    path(
        "rencontres/mon-agenda/<str:token>.ics",
        gathering_views.my_calendar_feed,
        name="my_calendar_feed",
    ),
    path("rencontres/<int:pk>/rencontre.ics", gathering_views.gathering_ics, name="gathering_ics"),
    path("rencontres/<int:pk>/", gathering_views.gathering_detail, name="gathering"),
    path("rencontres/<int:pk>/modifier/", gathering_views.gathering_edit, name="gathering_edit"),
    path("rencontres/<int:pk>/annuler/", gathering_views.gathering_cancel, name="gathering_cancel"),
    path(
        "rencontres/<int:pk>/inscription/",
        gathering_views.gathering_register,
        name="gathering_register",
    ),
    path(
        "rencontres/<int:pk>/desistement/",
        gathering_views.gathering_unregister,
        name="gathering_unregister",
    ),
    path(
        "rencontres/<int:pk>/inscriptions/",
        gathering_views.gathering_registrations,
        name="gathering_registrations",
    ),
    path(
        "rencontres/<int:pk>/presences.csv",
        gathering_views.gathering_attendance_csv,
        name="gathering_attendance_csv",
    ),
    path("organisations/", organization_views.organization_list, name="organizations"),
    path("organisations/<slug:slug>/", organization_views.organization_detail, name="organization"),
    path(
        "organisations/<slug:slug>/suivi/",
        organization_views.organization_follow,
        name="organization_follow",
    ),
]
