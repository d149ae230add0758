"""Reads of the catalog that are more than one QuerySet method."""

from django.conf import settings

from .models import CuratedList, ListEntry, RankingSnapshot, Title, TitleStats

# What a table row shows of a title: its link and name, and cover_thumb (the cover, or the
# placeholder made from the slug and name). Loading only these spares the wide rows.
ROW_FIELDS = ("slug", "title_en", "cover")


def article_entries(*, limit=None, title_fields=None):
    """The article's list and its entries in order, or (None, []) if it isn't loaded;
    ``title_fields`` loads only those fields of each entry's title (all by default)."""
    article = (
        CuratedList.objects.published().filter(slug=settings.SADLIST_ARTICLE_LIST_SLUG).first()
    )
    if article is None:
        return None, []
    entries = ListEntry.objects.filter(curated_list=article).select_related("title")
    if title_fields is not None:
        entries = entries.only(
            "curated_list_id",
            "title_id",
            "position",
            "note",
            *(f"title__{name}" for name in title_fields),
        )
    return article, list(entries[:limit] if limit else entries)


def numbered(titles, *, first=1):
    """``titles`` as a list, each given its ``rank`` from ``first`` on."""
    titles = list(titles)
    for rank, title in enumerate(titles, start=first):
        title.rank = rank
    return titles


def with_tag_lists(titles, tags):
    """``titles`` as a list, each given its ``tag_list``: its genres and themes, in the order
    of ``tags`` (every Tag, as Tag.objects.all() orders them).

    One query on the link table for all the titles, reusing the Tag rows the page has
    already read (for its filters), instead of prefetch_related's join and a Tag per link.
    """
    titles = list(titles)
    if not titles:
        return titles
    place = {tag.pk: (index, tag) for index, tag in enumerate(tags)}
    found = {title.pk: [] for title in titles}
    links = Title.tags.through.objects.filter(title_id__in=list(found)).values_list(
        "title_id", "tag_id"
    )
    for title_id, tag_id in links:
        if tag_id in place:
            found[title_id].append(place[tag_id])
    for title in titles:
        title.tag_list = [tag for _index, tag in sorted(found[title.pk], key=_first)]
    return titles


def _first(pair):
    return pair[0]


def _snapshot():
    """The stored ranks' RankingSnapshot while it holds the configured m, else None."""
    snapshot = RankingSnapshot.objects.filter(pk=1).first()
    if snapshot is None or snapshot.m != settings.SADLIST_RANKING_M:
        return None
    return snapshot


def tearful_ranking(*, titles=None):
    """Most tearful among ``titles`` (all titles by default): (ranked titles, m, C, count).

    ``count`` is how many titles the whole ranking has when ``titles`` is every title and
    the stored ranks hold (from the snapshot, sparing a count of the join), else None.

    Read from the stored ranks (one page of an index, C from the snapshot) while they were
    made with the configured m; otherwise, after m changed and before the next rating or
    recompute_stats re-ranks, sorted live by the same formula. One query either way,
    besides the ranked titles' own.
    """
    m = settings.SADLIST_RANKING_M
    whole = titles is None
    titles = Title.objects.all() if whole else titles
    snapshot = _snapshot()
    if snapshot is not None:
        count = snapshot.ranked_titles if whole else None
        return titles.tearful_stored(m=m, c=snapshot.c), m, snapshot.c, count
    c = TitleStats.objects.site_cry_mean()
    return titles.tearful(m=m, c=c), m, c, None


def title_tearful_rank(*, title):
    """``title``'s place in Most tearful (None while unrated): its stored rank, or counted
    live while the stored ranks were made with another m."""
    stats = title.stats
    if not stats.cry_count:
        return None
    if _snapshot() is not None and stats.tearful_rank is not None:
        return stats.tearful_rank
    return Title.objects.tearful_rank(
        title, m=settings.SADLIST_RANKING_M, c=TitleStats.objects.site_cry_mean()
    )
