"""Reads of the catalog that are more than one QuerySet method."""

from django.conf import settings

from .models import CuratedList, ListEntry


def article_entries(*, limit=None):
    """The article's list and its entries in order, or (None, []) if it isn't loaded."""
    article = (
        CuratedList.objects.published().filter(slug=settings.SADLIST_ARTICLE_LIST_SLUG).first()
    )
    if article is None:
        return None, []
    entries = ListEntry.objects.filter(curated_list=article).select_related("title")
    return article, list(entries[:limit] if limit else entries)


def numbered(titles, *, first=1):
    """``titles`` as a list, each given its ``rank`` from ``first`` on."""
    titles = list(titles)
    for rank, title in enumerate(titles, start=first):
        title.rank = rank
    return titles
