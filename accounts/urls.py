from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/settings/", views.settings_edit, name="settings"),
    path("accounts/export/", views.export, name="export"),
    path("accounts/export/mal.xml", views.export_mal, name="export_mal"),
    path("accounts/export/mal.xml.gz", views.export_mal, {"packed": True}, name="export_mal_gz"),
    path("accounts/export/entries.csv", views.export_csv, name="export_csv"),
    path("accounts/delete/", views.delete, name="delete"),
    path("u/<str:username>/", views.profile_detail, name="profile"),
]
