from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks

from . import selectors
from .models import User

FEED_LENGTH = 30


class MemberActivityFeed(Feed):
    """A member's public activity (ratings, reviews, new public lists) as Atom; a private
    profile has no feed."""

    feed_type = Atom1Feed

    def get_object(self, request, username):
        return get_object_or_404(
            User.objects.with_username(username),
            is_active=True,
            watchlist_visibility=User.Visibility.PUBLIC,
        )

    def title(self, member):
        return f"sadlist: {member.name}’s activity"

    def subtitle(self, member):
        return f"What {member.name} watched, rated, reviewed and listed on sadlist."

    def link(self, member):
        return member.get_absolute_url()

    def items(self, member):
        return selectors.activity(member_ids=[member.pk], limit=FEED_LENGTH)

    def item_title(self, item):
        name = item.member.name
        if item.kind == "entry":
            entry = item.item
            verdict = entry.get_status_display()
            if entry.cry_rating is not None:
                verdict += f" · {entry.cry_rating} · {entry.get_cry_rating_display()}"
            return f"{name}: {entry.title} — {verdict}"
        if item.kind == "review":
            spoiler = " [spoilers]" if item.item.contains_spoilers else ""
            return f"{name} reviewed {item.item.title}{spoiler}"
        return f"{name} made a list: {item.item.name}"

    def item_description(self, item):
        if item.kind == "review":
            if item.item.contains_spoilers:
                return "This review contains spoilers: read it on sadlist."
            return linebreaks(escape(item.item.body))
        if item.kind == "list":
            return linebreaks(escape(item.item.description))
        return ""

    def item_link(self, item):
        if item.kind == "entry":
            return item.item.title.get_absolute_url()
        return item.item.get_absolute_url()

    def item_guid(self, item):
        # An entry's link is its title's page, shared by everyone: the guid says whose.
        return f"{self.item_link(item)}#{item.kind}-{item.item.pk}-{item.at.timestamp():.0f}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.at

    def item_author_name(self, item):
        return item.member.name
