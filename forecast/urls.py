from django.urls import path

from . import views

app_name = "forecast"

urlpatterns = [
    path("forecast/", views.forecast_list, name="forecast_list"),
    path("forecast/about/", views.forecast_about, name="forecast_about"),
    # Under titles/, beside the title page it extends; the code lives here.
    path("titles/<slug:slug>/similar/", views.similar_list, name="similar_list"),
]
