from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks

from .models import Review

FEED_LENGTH = 30
SPOILER_NOTICE = "This review contains spoilers, so its text is withheld here: read it on sadlist."


class LatestReviewsFeed(Feed):
    feed_type = Atom1Feed
    title = "sadlist: latest reviews"
    subtitle = "What the community says about the anime that made it cry."
    link = reverse_lazy("reviews:review_list")

    def items(self):
        return Review.objects.visible().select_related("title", "user").newest_first()[:FEED_LENGTH]

    def item_title(self, review):
        spoiler = " [spoilers]" if review.contains_spoilers else ""
        return f"{review.user.name} on {review.title}{spoiler}"

    def item_description(self, review):
        if review.contains_spoilers:
            return SPOILER_NOTICE
        # Reviews are plain text: escape, then keep the paragraphs.
        return linebreaks(escape(review.body))

    def item_link(self, review):
        return review.get_absolute_url()

    def item_pubdate(self, review):
        return review.created_at

    def item_updateddate(self, review):
        return review.updated_at

    def item_author_name(self, review):
        return review.user.name

    def item_categories(self, review):
        return ["spoilers"] if review.contains_spoilers else []
