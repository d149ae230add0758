from django.urls import path

from sadlist.caching import cache_public_page

from . import feeds, review_views, views

app_name = "reviews"

urlpatterns = [
    path("titles/<slug:slug>/entry/", views.entry_quick_save, name="entry_quick_save"),
    path("titles/<slug:slug>/review/", review_views.review_create, name="review_create"),
    path("watchlist/", views.watchlist, name="watchlist"),
    path("watchlist/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("watchlist/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("reviews/", review_views.review_list, name="review_list"),
    path("reviews/feed/", cache_public_page(feeds.LatestReviewsFeed()), name="review_feed"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", review_views.review_edit, name="review_edit"),
    path("reviews/<int:pk>/delete/", review_views.review_delete_view, name="review_delete"),
    path("reviews/<int:pk>/helpful/", review_views.review_helpful, name="review_helpful"),
    path("reviews/<int:pk>/report/", review_views.review_report_view, name="review_report"),
]
