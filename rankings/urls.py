from django.urls import path

from . import views

app_name = "rankings"

urlpatterns = [
    path("", views.rankings_tearful, name="tearful"),
    path("watched/", views.rankings_watched, name="watched"),
    path("article/", views.rankings_article, name="article"),
]
