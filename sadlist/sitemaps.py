from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from accounts.models import MemberList
from catalog.models import CuratedList, Title


class TitleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Title.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, title):
        return title.updated_at


class CuratedListSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return CuratedList.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, curated_list):
        return curated_list.updated_at


class PageSitemap(Sitemap):
    """Home, the catalog, the rankings and the latest reviews."""

    changefreq = "daily"
    priority = 0.9

    def items(self):
        return [
            "home",
            "catalog:title_list",
            "catalog:list_index",
            "rankings:tearful",
            "rankings:watched",
            "rankings:article",
            "reviews:review_list",
        ]

    def location(self, name):
        return reverse(name)


class ProfileSitemap(Sitemap):
    """Profiles of members whose watchlist is public."""

    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return (
            get_user_model()
            .objects.filter(is_active=True, watchlist_visibility="public")
            .order_by("pk")
            .only("username")
        )


class MemberListSitemap(Sitemap):
    """Members' public lists (public, not hidden, their owner's profile public)."""

    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return (
            MemberList.objects.public()
            .select_related("owner")
            .order_by("pk")
            .only("slug", "updated_at", "owner__username")
        )

    def lastmod(self, member_list):
        return member_list.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "titles": TitleSitemap,
    "lists": CuratedListSitemap,
    "profiles": ProfileSitemap,
    "member_lists": MemberListSitemap,
}
