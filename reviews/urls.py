from django.urls import path

from sadlist.caching import cache_public_page

from . import feeds, views

app_name = "reviews"

urlpatterns = [
    path("titles/<slug:slug>/review/", views.review_create, name="review_create"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/feed/", cache_public_page(feeds.LatestReviewsFeed()), name="review_feed"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("reviews/<int:pk>/delete/", views.review_delete, name="review_delete"),
    path("reviews/<int:pk>/helpful/", views.review_helpful, name="review_helpful"),
    path("reviews/<int:pk>/report/", views.review_report, name="review_report"),
]
