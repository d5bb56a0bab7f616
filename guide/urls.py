from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("guides/", views.guide_list, name="list"),
    path("search/", views.search, name="search"),
    path("guides/<slug:slug>/tips/", views.tip_list, name="tips"),
]
