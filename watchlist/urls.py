from django.urls import path

from . import views

app_name = "watchlist"

urlpatterns = [
    path("titles/<slug:slug>/entry/", views.entry_quick_save, name="entry_quick_save"),
    path("watchlist/", views.entry_list, name="entry_list"),
    path("watchlist/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("watchlist/<int:pk>/progress/", views.entry_progress, name="entry_progress"),
    path("watchlist/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    # A MyAnimeList import is part of one's account, next to the exports.
    path("accounts/import/", views.mal_import_upload, name="mal_import"),
    path("accounts/import/unmatched/", views.mal_import_unmatched, name="mal_import_unmatched"),
    path("accounts/import/<int:pk>/", views.mal_import_preview, name="mal_import_preview"),
    path("accounts/import/<int:pk>/done/", views.mal_import_result, name="mal_import_result"),
]
