from django.urls import path

from . import views

app_name = "communaute"

urlpatterns = [
    path("membres/<slug:handle>/", views.member_detail, name="member"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/ouvrir/", views.notification_open, name="notification_open"),
    path(
        "notifications/tout-marquer-comme-lu/",
        views.notifications_read_all,
        name="notifications_read_all",
    ),
]
