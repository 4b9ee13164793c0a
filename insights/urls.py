"""Public insights pages, mounted under /<lang>/insights/ by techland/urls.py."""

from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("indicators/<slug:slug>.csv", views.indicator_csv, name="indicator_csv"),
    path("<slug:chart>.csv", views.chart_csv, name="overview_csv"),
    path("<slug:cluster>/", views.cluster, name="cluster"),
    path("<slug:cluster>/<slug:chart>.csv", views.chart_csv, name="cluster_csv"),
]
