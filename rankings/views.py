"""The community rankings, read from the title statistics (catalog.TitleStats)."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render

from catalog import selectors
from catalog.models import Tag, Title
from sadlist.caching import cache_public_page

from .forms import RankingFilterForm

RANKING_PER_PAGE = 50


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


@cache_public_page(ranked=True)
def rankings_tearful(request):
    """Most tearful: titles by Bayesian average cry rating, explained with live m and C."""
    form, query = _ranking_filters(request)
    # Filtering keeps the stored order: a filtered ranking is a part of the whole one.
    # (Unfiltered, the stored ranking also knows its length: no count of the join.)
    valid = getattr(form, "cleaned_data", {})
    filtering = any(valid.get(name) not in (None, "", []) for name in form.filter_names)
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
