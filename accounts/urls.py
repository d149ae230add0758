from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/settings/", views.settings_edit, name="settings"),
    path("accounts/export/", views.export, name="export"),
    path("accounts/delete/", views.delete, name="delete"),
    path("u/<str:username>/", views.profile_detail, name="profile"),
]
