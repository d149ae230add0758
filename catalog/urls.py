from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("titles/", views.title_list, name="title_list"),
    path("titles/suggest/", views.title_suggest, name="title_suggest"),
    path("titles/<slug:slug>/", views.title_detail, name="title_detail"),
    path("lists/", views.list_index, name="list_index"),
    path("lists/<slug:slug>/", views.list_detail, name="list_detail"),
]
