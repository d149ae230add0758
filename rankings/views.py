"""The community rankings, read from the title statistics (catalog.TitleStats)."""

from dataclasses import dataclass
from functools import partial

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render

from catalog import selectors
from catalog.models import Tag, Title
from sadlist.caching import cache_public_page, shared_part

from .forms import RankingFilterForm
from .templatetags.rankings import tearful_split

RANKING_PER_PAGE = 50
# A ?page= longer than this is no page anyone links to: rendered, never kept.
PAGE_KEY_LENGTH = 8


def _filter_query(request, form=None):
    """The ranking filters in the query string, to carry into pagination and tab links.

    Only the filters travel, never the page number or anything else, and
    none that ``form`` found invalid.
    """
    query = QueryDict(mutable=True)
    for name in RankingFilterForm.filter_names:
        values = [value for value in request.GET.getlist(name) if value]
        if values and not (form and name in form.errors):
            query.setlist(name, values)
    return query.urlencode()


def _ranking_filters(request):
    """The filter form read from the query string, and the valid filters for links."""
    form = RankingFilterForm(request.GET or None, tags=list(Tag.objects.all()))
    form.is_valid()  # errors are shown beside their fields; valid filters still apply
    return form, _filter_query(request, form)


class _CountedPaginator(Paginator):
    """A Paginator told its count (the stored ranking's length) instead of counting."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def _ranking_page(request, titles, template, context, *, count=None):
    """Render one page of a ranking, each title numbered across pages."""
    if count is None:
        paginator = Paginator(titles, RANKING_PER_PAGE)
    else:
        paginator = _CountedPaginator(titles, RANKING_PER_PAGE, count=count)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            **context,
            "page": page,
            "titles": selectors.numbered(page.object_list, first=page.start_index()),
        },
    )


@dataclass
class _SharedPage:
    """One page of the unfiltered Most tearful, as kept for every reader: its numbered titles,
    their rows, the filters' tags and what the page says of the whole ranking; context()
    makes its page anew (a Page over the titles' QuerySet would be pickled by evaluating
    all of it)."""

    titles: list
    rows: list
    tags: list
    number: int
    count: int
    m: int
    c: float | None

    def context(self):
        paginator = _CountedPaginator(Title.objects.none(), RANKING_PER_PAGE, count=self.count)
        return {
            "page": paginator.page(self.number),
            "titles": self.titles,
            "kept_rows": self.rows,
            "m": self.m,
            "c": self.c,
        }


def _tearful_page(raw_page):
    """Page ``raw_page`` (as asked, resolved as Paginator.get_page does) of the whole Most
    tearful, or None while the stored ranks don't hold (it is then sorted live)."""
    titles, m, c, count = selectors.tearful_ranking()
    if count is None:
        return None
    paginator = _CountedPaginator(titles.only(*selectors.ROW_FIELDS), RANKING_PER_PAGE, count=count)
    page = paginator.get_page(raw_page)
    numbered = selectors.numbered(page.object_list, first=page.start_index())
    return _SharedPage(
        titles=numbered,
        rows=tearful_split(numbered, full=True),
        tags=list(Tag.objects.all()),
        number=page.number,
        count=count,
        m=m,
        c=float(c) if c is not None else None,
    )


def _kept_tearful_page(request, raw_page):
    """The kept page of the whole ranking (a shared part), or None while it is sorted live."""
    if len(raw_page) > PAGE_KEY_LENGTH:
        return None
    return shared_part(request, f"rankings:tearful:{raw_page}", partial(_tearful_page, raw_page))


@cache_public_page(ranked=True)
def rankings_tearful(request):
    """Most tearful: titles by Bayesian average cry rating, explained with live m and C."""
    raw_page = request.GET.get("page") or "1"
    # No filter asked: the whole ranking's page, the same for every reader, filters' tags
    # and all, kept as a shared part.
    shared = _kept_tearful_page(request, raw_page) if set(request.GET) <= {"page"} else None
    if shared is not None:
        form = RankingFilterForm(request.GET or None, tags=shared.tags)
        form.is_valid()
        query = _filter_query(request, form)
    else:
        form, query = _ranking_filters(request)
        # Filtering keeps the stored order: a filtered ranking is a part of the whole one.
        # (Unfiltered, the stored ranking also knows its length: no count of the join.)
        valid = getattr(form, "cleaned_data", {})
        filtering = any(valid.get(name) not in (None, "", []) for name in form.filter_names)
        if not filtering and not set(request.GET) <= {"page"}:
            # Filters the form refused are left out: the whole ranking's page again.
            shared = _kept_tearful_page(request, raw_page)
    if shared is not None:
        return render(
            request,
            "rankings/tearful.html",
            {**shared.context(), "form": form, "query": query},
        )
    titles, m, c, count = selectors.tearful_ranking(
        titles=form.filter_titles(Title.objects.all()) if filtering else None
    )
    return _ranking_page(
        request,
        titles.only(*selectors.ROW_FIELDS),
        "rankings/tearful.html",
        {
            "form": form,
            "query": query,
            "m": m,
            "c": float(c) if c is not None else None,
        },
        count=count,
    )


@cache_public_page(ranked=True)
def rankings_watched(request):
    """Most watched: titles by the number of members who completed them."""
    form, query = _ranking_filters(request)
    titles = form.filter_titles(Title.objects.all()).most_watched().only(*selectors.ROW_FIELDS)
    return _ranking_page(request, titles, "rankings/watched.html", {"form": form, "query": query})


@cache_public_page
def rankings_article(request):
    """The article's own order, which sadlist started from."""
    article, entries = selectors.article_entries(
        title_fields=(*selectors.ROW_FIELDS, "format", "year")
    )
    return render(
        request,
        "rankings/article.html",
        # The filters don't apply to the article's order but are kept for the tabs back.
        {"article": article, "entries": entries, "query": _filter_query(request)},
    )
