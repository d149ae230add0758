from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import include, path

from accounts import views as accounts_views

from . import health, views
from .caching import cache_public_page
from .sitemaps import SITEMAPS

handler400 = "sadlist.views.bad_request"
handler500 = "sadlist.views.server_error"

admin.site.site_header = "sadlist curation"
admin.site.site_title = "sadlist admin"
admin.site.index_title = "Catalog and moderation"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", views.home, name="home"),
    # Apps whose pages live under more than one prefix (titles/ and lists/, or
    # watchlist/ and titles/<slug>/entry/) are mounted at the root.
    path("", include("catalog.urls")),
    path("", include("watchlist.urls")),
    path("", include("forecast.urls")),
    path("", include("reviews.urls")),
    path("", include("accounts.urls")),
    path("rankings/", include("rankings.urls")),
    # Django's auth views, three of them made safer (accounts/views.py), under their names.
    path(
        "accounts/password_change/",
        accounts_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_reset/",
        accounts_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/login/", accounts_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", accounts_views.SignOutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        cache_public_page(sitemap_view),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

if settings.DEBUG:
    # Uploaded covers while developing; production serves MEDIA_ROOT from the web server.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
