from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.guide_list, name="list"),
    path("search/", views.search, name="search"),
    path("guides/<slug:slug>/", views.guide_detail, name="detail"),
    path("guides/<slug:slug>/tips/", views.tip_list, name="tips"),
    path("guides/<slug:slug>/questions/<id:number>/", views.question_detail, name="question"),
]
