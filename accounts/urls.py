from django.urls import path, re_path

from sadlist.caching import cache_public_page

from . import community_views, feeds, views

app_name = "accounts"

MEMBER = "u/<str:username>/"
LIST = MEMBER + "lists/<slug:slug>/"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/settings/", views.settings_edit, name="settings"),
    path("accounts/favourites/", community_views.favourites_edit, name="favourites"),
    path("accounts/lists/new/", community_views.member_list_create, name="member_list_create"),
    path("accounts/export/", views.export, name="export"),
    path("accounts/export/mal.xml", views.export_mal, name="export_mal"),
    path("accounts/export/mal.xml.gz", views.export_mal, {"packed": True}, name="export_mal_gz"),
    path("accounts/export/entries.csv", views.export_csv, name="export_csv"),
    path("accounts/delete/", views.delete, name="delete"),
    path("feed/", community_views.feed, name="feed"),
    path("notifications/", community_views.notifications, name="notifications"),
    path("titles/<slug:slug>/add-to-list/", community_views.list_entry_add, name="list_entry_add"),
    path(MEMBER, views.profile_detail, name="profile"),
    path(MEMBER + "follow/", community_views.follow, name="follow"),
    path(MEMBER + "block/", community_views.block, name="block"),
    path(MEMBER + "followers/", community_views.followers, name="followers"),
    path(MEMBER + "following/", community_views.following, name="following"),
    path(MEMBER + "feed/", cache_public_page(feeds.MemberActivityFeed()), name="member_feed"),
    re_path(
        r"^u/(?P<username>[^/]+)/year/(?P<year>[0-9]{4})/$",
        community_views.year_in_tears,
        name="year",
    ),
    path(MEMBER + "lists/", community_views.member_list_index, name="member_list_index"),
    path(LIST, community_views.member_list_detail, name="member_list_detail"),
    path(LIST + "edit/", community_views.member_list_edit, name="member_list_edit"),
    path(LIST + "delete/", community_views.member_list_delete, name="member_list_delete"),
    path(LIST + "like/", community_views.list_like, name="list_like"),
    path(LIST + "report/", community_views.list_report, name="list_report"),
    path(LIST + "order/", community_views.list_reorder, name="list_reorder"),
    path(LIST + "entries/<int:pk>/move/", community_views.list_entry_move, name="list_entry_move"),
    path(
        LIST + "entries/<int:pk>/remove/",
        community_views.list_entry_remove,
        name="list_entry_remove",
    ),
    path(LIST + "entries/<int:pk>/note/", community_views.list_entry_note, name="list_entry_note"),
]
