"""Public directory pages, mounted under /<lang>/directory/ by techland/urls.py."""

from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("map/", views.organisation_map, name="organisation_map"),
    path("<slug:slug>/", views.organisation_detail, name="organisation_detail"),
]
