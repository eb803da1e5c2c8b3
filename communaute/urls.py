from django.urls import path

from . import views

app_name = "communaute"

urlpatterns = [
    path("membres/<slug:handle>/", views.member_detail, name="member"),
]
