from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("questions/<int:question_id>/rate/", views.rate, name="rate"),
    path("review/", views.review, name="review"),
    path("progress/", views.progress_overview, name="progress_overview"),
    path("progress/<slug:slug>/", views.progress, name="progress"),
]
