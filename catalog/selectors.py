"""Reads of the catalog that are more than one QuerySet method."""

from django.conf import settings
from django.db import connection

from sadlist.raw_rows import limit_offset, partial
from sadlist.raw_sql import any_of

from .models import CuratedList, ListEntry, RankingSnapshot, Tag, Title, TitleStats
from .search import fold, word_pattern

# What a table row shows of a title: its link and name, and cover_thumb (the cover, or the
# placeholder made from the slug and name). Loading only these spares the wide rows.
ROW_FIELDS = ("slug", "title_en", "cover")


# The shared part (sadlist.caching.shared_part) holding every tag for the filter forms: the
# catalog's searches and the forecast page read the one copy.
TAGS_PART = "catalog:tags"


def all_tags():
    """Every tag, in Tag's order: what the filter forms offer."""
    return list(Tag.objects.all())


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
    # A plain cursor: the queryset took longer to build and read than the query to run.
    through = Title.tags.through._meta
    title_column = through.get_field("title").column
    tag_column = through.get_field("tag").column
    among, params = any_of(title_column, found)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {title_column}, {tag_column} FROM {through.db_table} WHERE {among}", params
        )
        links = cursor.fetchall()
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


class TitleSearch:
    """The titles ``query`` finds, as Title.objects.only(*fields).search(query) orders them,
    read a page at a time (what Paginator pages: count() and bounded slices), each title
    given ``matches``: how many titles the search found in all. ``query`` must hold a word
    (catalog.search.fold).

    Written in SQL for a search alone (no filter, no sort): building and compiling the
    ORM's version of this query cost more CPU than PostgreSQL spent answering it (1.5 ms
    against 1.2 ms for "movie" on the full catalog). Its text depends only on the number
    of words and whether the phrase is ASCII, so PostgreSQL prepares it; every value is a
    parameter. tests/catalog/test_search.py holds it to search()'s results.
    """

    def __init__(self, query, *, fields):
        words = fold(query).split()
        if not words:
            raise ValueError("A search needs a word.")
        self.fields = ("id", *fields)
        phrase = " ".join(words)
        postgresql = connection.vendor == "postgresql"
        # The ORM's contains and endswith lookups, escaped as it escapes them.
        like = "LIKE %s" if postgresql else "LIKE %s ESCAPE '\\'"
        escape = connection.ops.prep_for_like_query
        every_word = " AND ".join([f"t.search_text {like}"] * len(words))
        every_word_params = [f"%{escape(word_pattern(word))}%" for word in words]
        # Each name sits between "| " and " |" (catalog.search.search_document).
        names = "('|' || t.search_text || ' |')"
        columns = [
            f"CASE WHEN {names} {like} THEN 0 WHEN {names} {like} THEN 1"
            f" WHEN ({every_word}) THEN 2 ELSE 3 END AS quality"
        ]
        params = [f"%{escape(f'| {phrase} |')}%", f"%{escape(f'| {phrase}')}%"]
        params += every_word_params
        where, where_params = f"({every_word})", every_word_params
        order = ["quality"]
        if postgresql:
            # Title.objects._word_similarity: 1 without the call where a name holds the
            # whole phrase word for word (ASCII phrases only).
            similarity, similarity_params = "WORD_SIMILARITY(%s, t.search_text)", [phrase]
            if phrase.isascii():
                similarity = (
                    f"CASE WHEN (t.search_text {like} OR t.search_text {like}) THEN 1.0"
                    f" ELSE {similarity} END"
                )
                similarity_params = [
                    f"%{escape(f' {phrase} ')}%",
                    f"%{escape(f' {phrase}')}",
                    phrase,
                ]
            columns.append(f"{similarity} AS similarity")
            params += similarity_params
            where = f"({every_word} OR t.search_text %%> %s)"
            where_params = [*where_params, phrase]
            order.append("similarity DESC")
        self.columns, self.params = ", ".join(columns), [*params, *where_params]
        self.where, self.where_params = where, where_params
        self.order = ", ".join([*order, "t.popularity DESC", "t.title_en", "t.id"])

    def count(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {Title._meta.db_table} t WHERE {self.where}",
                self.where_params,
            )
            return cursor.fetchone()[0]

    def __getitem__(self, index):
        """Titles ``index.start`` to ``index.stop``, as Paginator slices its object list."""
        limit = limit_offset(index, "TitleSearch")
        if limit is None:
            return []
        fields = ", ".join(f"t.{name}" for name in self.fields)
        sql = (
            f"SELECT {fields}, {self.columns}, COUNT(*) OVER ()"
            f" FROM {Title._meta.db_table} t WHERE {self.where} ORDER BY {self.order}{limit}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, self.params)
            rows = cursor.fetchall()
        width = len(self.fields)
        titles = []
        for row in rows:
            title = partial(Title, **dict(zip(self.fields, row[:width], strict=True)))
            title.matches = row[-1]
            titles.append(title)
        return titles
