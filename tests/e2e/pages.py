"""The main pages every browser and HTML check visits, and the data that fills them.

`fill_site()` loads the article's 20 titles and gives two members a watchlist, reviews,
a helpful vote and ratings, so that each page shows its tables, forms and reviews rather
than its empty state. `main_pages()` names each page, its address and who looks at it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import community
from accounts.models import MemberList
from catalog.models import CuratedList, Title
from reviews.models import Review
from reviews.services import review_report, review_save, review_vote_helpful
from tests.factories import EntryFactory, UserFactory
from watchlist.models import Entry

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


@dataclass(frozen=True)
class Site:
    alice: object  # three titles on her watchlist, a spoiler review of Your Lie in April
    bob: object  # rated two titles, reviewed one, found alice's review helpful
    april: Title
    anohana: Title
    alice_entry: Entry
    alice_review: Review
    alice_list: MemberList  # ranked, public, two titles; bob follows alice and likes it


@dataclass(frozen=True)
class Page:
    name: str  # also the screenshot's and the report's file name
    path: str
    user: object = None  # signed in as this member, or a visitor


def fill_site():
    call_command("loaddata", "article", verbosity=0)
    titles = {title.slug: title for title in Title.objects.all()}
    april, anohana = titles["your-lie-in-april"], titles["anohana-the-flower-we-saw-that-day"]
    alice = UserFactory(username="alice", display_name="Alice", bio="Cries at every ending.")
    bob = UserFactory(username="bob")
    alice_entry = EntryFactory(
        user=alice, title=april, status="completed", episodes_watched=22, cry_rating=5
    )
    EntryFactory(user=alice, title=anohana, status="watching", episodes_watched=4, cry_rating=3)
    EntryFactory(user=alice, title=titles["grave-of-the-fireflies"], status="plan_to_watch")
    EntryFactory(user=bob, title=april, status="watching", cry_rating=4)
    EntryFactory(user=bob, title=titles["clannad-after-story"], status="completed", cry_rating=4)
    alice_review = review_save(
        review=Review(
            user=alice,
            title=april,
            body="The last letter undid me. I watched the final episode twice and cried both "
            "times; the piano at the gala still plays in my head.",
            contains_spoilers=True,
        )
    )
    review_save(
        review=Review(
            user=bob,
            title=titles["clannad-after-story"],
            body="The second half is the saddest thing I have watched. Have tissues ready "
            "before the snow starts falling.",
        )
    )
    review_vote_helpful(review=alice_review, user=bob)
    alice_list = community.list_save(
        member_list=MemberList(owner=alice, name="Sad but gentle", description="Tissues ready.")
    )
    community.list_entry_add(member_list=alice_list, title=april, note="The letter.")
    community.list_entry_add(member_list=alice_list, title=anohana)
    community.follow_create(follower=bob, followee=alice)
    community.list_like(member_list=alice_list, user=bob)
    return Site(
        alice=alice,
        bob=bob,
        april=april,
        anohana=anohana,
        alice_entry=alice_entry,
        alice_review=alice_review,
        alice_list=alice_list,
    )


def main_pages(site):
    """Every main page: public ones as a visitor, members' ones signed in."""
    april, review = site.april, site.alice_review
    return [
        Page("home", reverse("home")),
        Page("titles", reverse("catalog:title_list")),
        Page("title", april.get_absolute_url()),
        Page("title-signed-in", april.get_absolute_url(), site.bob),
        Page("rankings:tearful", reverse("rankings:tearful")),
        Page("rankings-watched", reverse("rankings:watched")),
        Page("rankings-article", reverse("rankings:article")),
        Page("lists", reverse("catalog:list_index")),
        Page("list", reverse("catalog:list_detail", args=[settings.SADLIST_ARTICLE_LIST_SLUG])),
        Page("profile", reverse("accounts:profile", args=[site.alice.username])),
        Page("reviews", reverse("reviews:review_list")),
        Page("reviews-signed-in", reverse("reviews:review_list"), site.alice),
        Page("review", review.get_absolute_url()),
        Page("review-signed-in", review.get_absolute_url(), site.bob),
        Page("sign-in", reverse("login")),
        Page("sign-up", reverse("accounts:signup")),
        Page("watchlist", reverse("watchlist:entry_list"), site.alice),
        Page("entry-form", reverse("watchlist:entry_edit", args=[site.alice_entry.pk]), site.alice),
        Page("review-form", reverse("reviews:review_create", args=[site.anohana.slug]), site.alice),
        Page("report-form", reverse("reviews:review_report", args=[review.pk]), site.bob),
        Page("settings", reverse("accounts:settings"), site.alice),
        Page("sign-out", reverse("logout"), site.alice),
        Page("profile-own", reverse("accounts:profile", args=[site.alice.username]), site.alice),
        Page("forecast-starter", reverse("forecast:forecast_list"), site.alice),
        Page("forecast-about", reverse("forecast:forecast_about")),
        Page("similar", reverse("forecast:similar_list", args=[april.slug])),
        Page("member-list", site.alice_list.get_absolute_url()),
        Page("member-list-own", site.alice_list.get_absolute_url(), site.alice),
        Page("member-lists", reverse("accounts:member_list_index", args=["alice"])),
        Page("list-form", reverse("accounts:member_list_create"), site.alice),
        Page("add-to-list", reverse("accounts:list_entry_add", args=[april.slug]), site.alice),
        Page("favourites-form", reverse("accounts:favourites"), site.alice),
        Page("followers", reverse("accounts:followers", args=["alice"])),
        Page("feed", reverse("accounts:feed"), site.bob),
        Page("home-signed-in", reverse("home"), site.bob),
        Page("notifications", reverse("accounts:notifications"), site.alice),
        Page("year", reverse("accounts:year", args=["alice", timezone.now().year])),
        Page("not-found", "/titles/no-such-title/"),
    ]


def admin_pages(site):
    """The admin pages curators use most, signed in as a curator; a review is reported first
    so that the moderation queue has a row."""
    curator = UserFactory(username="charlie", is_staff=True, is_superuser=True)
    review_report(
        review=site.alice_review, reporter=UserFactory(username="dana"), reason="spoilers"
    )
    article = CuratedList.objects.get(slug=settings.SADLIST_ARTICLE_LIST_SLUG)
    return [
        Page("admin-title", reverse("admin:catalog_title_change", args=[site.april.pk]), curator),
        Page("admin-list", reverse("admin:catalog_curatedlist_change", args=[article.pk]), curator),
        Page("admin-queue", reverse("admin:reviews_reportedreview_changelist"), curator),
    ]


def session_cookie(user, url):
    """A signed-in session for ``user``, as a cookie for a browser context on ``url``."""
    client = Client()
    client.force_login(user)
    morsel = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": morsel.key, "value": morsel.value, "url": url}
