from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render

from catalog.forms import RankingFilterForm
from catalog.models import CuratedList, ListEntry, Tag, Title
from catalog.rankings import most_watched, site_cry_mean, tearful
from reviews.models import Review
from sadlist.caching import cache_public_page

HOME_TEASER_LENGTH = 5
HOME_TEARFUL_LENGTH = 10
HOME_LATEST_REVIEWS = 5
RANKING_PER_PAGE = 50


def _article_entries(limit=None):
    """The article's list and its entries in order, or (None, []) if not loaded."""
    article = CuratedList.objects.published().filter(slug=settings.ARTICLE_LIST_SLUG).first()
    if article is None:
        return None, []
    entries = ListEntry.objects.filter(curated_list=article).select_related("title")
    return article, list(entries[:limit] if limit else entries)


def _numbered(titles, first=1):
    """``titles`` as a list, each given its ``rank`` from ``first`` on."""
    titles = list(titles)
    for rank, title in enumerate(titles, start=first):
        title.rank = rank
    return titles


@cache_public_page
def home(request):
    article, entries = _article_entries(limit=HOME_TEASER_LENGTH)
    top_tearful = tearful(m=settings.SADLIST_RANKING_M, c=site_cry_mean())
    return render(
        request,
        "home.html",
        {
            "article": article,
            "entries": entries,
            "title_count": Title.objects.count(),
            "top_tearful": _numbered(top_tearful[:HOME_TEARFUL_LENGTH]),
            "latest_reviews": Review.objects.visible()
            .select_related("title", "user")
            .newest_first()[:HOME_LATEST_REVIEWS],
        },
    )


def _filter_query(request, form=None):
    """The ranking filters in the query string, to carry into pagination and tab links.

    Only the filters travel, never the page number or anything else, and
    none that ``form`` found invalid.
    """
    query = QueryDict(mutable=True)
    for name in RankingFilterForm.filter_names:
        if request.GET.get(name) and not (form and name in form.errors):
            query[name] = request.GET[name]
    return query.urlencode()


def _ranking_filters(request):
    """The filter form read from the query string, and the valid filters for links."""
    form = RankingFilterForm(request.GET or None, tags=list(Tag.objects.all()))
    form.is_valid()  # errors are shown beside their fields; valid filters still apply
    return form, _filter_query(request, form)


def _ranking_page(request, titles, template, context):
    """Render one page of a ranking, each title numbered across pages."""
    page = Paginator(titles, RANKING_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            **context,
            "page": page,
            "titles": _numbered(page.object_list, first=page.start_index()),
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


@cache_public_page
def rankings(request):
    """Most tearful: titles by Bayesian average cry rating, explained with live m and C."""
    form, query = _ranking_filters(request)
    m = settings.SADLIST_RANKING_M
    c = site_cry_mean()
    titles = tearful(form.filter_titles(Title.objects.all()), m=m, c=c)
    return _ranking_page(
        request,
        titles,
        "rankings/tearful.html",
        {
            "form": form,
            "query": query,
            "m": m,
            "c": float(c) if c is not None else None,
        },
    )


@cache_public_page
def rankings_watched(request):
    """Most watched: titles by the number of members who completed them."""
    form, query = _ranking_filters(request)
    titles = most_watched(form.filter_titles(Title.objects.all()))
    return _ranking_page(request, titles, "rankings/watched.html", {"form": form, "query": query})


@cache_public_page
def rankings_article(request):
    """The article's own order, which sadlist started from."""
    article, entries = _article_entries()
    return render(
        request,
        "rankings/article.html",
        # The filters don't apply to the article's order but are kept for the tabs back.
        {"article": article, "entries": entries, "query": _filter_query(request)},
    )
