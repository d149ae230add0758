from django.conf import settings
from django.shortcuts import render

from catalog.models import CuratedList, ListEntry, Title

HOME_TEASER_LENGTH = 5


def _article_entries(limit=None):
    """The article's list and its entries in order, or (None, []) if not loaded."""
    article = CuratedList.objects.published().filter(slug=settings.ARTICLE_LIST_SLUG).first()
    if article is None:
        return None, []
    entries = ListEntry.objects.filter(curated_list=article).select_related("title")
    return article, list(entries[:limit] if limit else entries)


def home(request):
    article, entries = _article_entries(limit=HOME_TEASER_LENGTH)
    return render(
        request,
        "home.html",
        {"article": article, "entries": entries, "title_count": Title.objects.count()},
    )


def rankings(request):
    article, entries = _article_entries()
    return render(request, "rankings.html", {"article": article, "entries": entries})
