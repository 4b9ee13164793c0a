from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("saved/", views.saved, name="saved"),
    path("<int:candidate_id>/feedback/", views.feedback, name="feedback"),
]
