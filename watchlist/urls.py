from django.urls import path

from . import views

app_name = "watchlist"

urlpatterns = [
    path("titles/<slug:slug>/entry/", views.entry_quick_save, name="entry_quick_save"),
    path("watchlist/", views.entry_list, name="entry_list"),
    path("watchlist/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("watchlist/<int:pk>/progress/", views.entry_progress, name="entry_progress"),
    path("watchlist/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
]
