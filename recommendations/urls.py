from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("saved/", views.saved, name="saved"),
    path("<int:candidate_id>/feedback/", views.feedback, name="feedback"),
    path("<int:candidate_id>/introduction/", views.introduction_request, name="introduction_request"),
    path("introductions/", views.introductions, name="introductions"),
    path("introductions/<int:pk>/withdraw/", views.introduction_withdraw, name="introduction_withdraw"),
]
