from django.conf import settings
from django.shortcuts import render

from catalog import selectors
from catalog.models import Title, TitleStats
from reviews.models import Review
from sadlist.caching import cache_public_page

HOME_TEASER_LENGTH = 5
HOME_TEARFUL_LENGTH = 10
HOME_LATEST_REVIEWS = 5


@cache_public_page
def home(request):
    article, entries = selectors.article_entries(limit=HOME_TEASER_LENGTH)
    top_tearful = Title.objects.tearful(
        m=settings.SADLIST_RANKING_M, c=TitleStats.objects.site_cry_mean()
    )
    return render(
        request,
        "home.html",
        {
            "article": article,
            "entries": entries,
            "title_count": Title.objects.count(),
            "top_tearful": selectors.numbered(top_tearful[:HOME_TEARFUL_LENGTH]),
            "latest_reviews": Review.objects.visible()
            .select_related("title", "user")
            .newest_first()[:HOME_LATEST_REVIEWS],
        },
    )
