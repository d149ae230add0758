from functools import partial

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, Window
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from sadlist.caching import cache_public_page, shared_part

from . import selectors
from .forms import TitleFilterForm, sort_titles
from .models import CuratedList, ListEntry, Tag, Title

TITLES_PER_PAGE = 24
# What a catalog card shows (watchlist's title_cards): Title's other columns stay unread.
CARD_FIELDS = ("slug", "title_en", "title_romaji", "format", "year", "episodes", "cover")


# The longest ?page= kept as a shared part (a longer one is read afresh: no one pages that far).
PAGE_KEY_LENGTH = 8


@cache_public_page(ranked=True)
def title_list(request):
    raw_page = request.GET.get("page") or "1"
    if set(request.GET) <= {"page"} and len(raw_page) <= PAGE_KEY_LENGTH:
        # The whole catalog, most popular first: the same for every reader, kept.
        shared = shared_part(
            request, f"catalog:titles:{raw_page}", partial(_catalog_page, raw_page)
        )
        form = TitleFilterForm(request.GET or None, tags=shared["tags"])
        if form.is_bound:
            form.is_valid()
        paginator = Paginator(Title.objects.none(), TITLES_PER_PAGE)
        paginator.count = shared["count"]
        page = Page(shared["titles"], shared["number"], paginator)
        # Visitors' cards have no forms: kept rendered (members get their quick forms).
        cards = None if request.user.is_authenticated else shared["cards"]
        return _title_list_page(request, form, page, shared["titles"], cards)
    # A search, a filter or a sort (or a page past the kept ones): read afresh, but for the
    # filters' tags, the same for every reader (kept until a curator changes the catalog).
    tags = shared_part(request, selectors.TAGS_PART, selectors.all_tags)
    form = TitleFilterForm(request.GET, tags=tags)
    form.is_valid()  # errors are shown beside their fields; valid filters still apply
    number = request.GET.get("page")
    if form.searching_alone:
        search = selectors.TitleSearch(form.cleaned_data["q"], fields=CARD_FIELDS)
        page = _counted_page(search, number, search)
    else:
        titles = form.filter(Title.objects.only(*CARD_FIELDS))
        if form.cleaned_data.get("q"):
            page = _counted_page(titles, number)
        else:
            page = Paginator(titles, TITLES_PER_PAGE).get_page(number)
    return _title_list_page(request, form, page, selectors.with_tag_lists(page.object_list, tags))


def _title_list_page(request, form, page, titles, cards=None):
    return render(
        request,
        "catalog/title_list.html",
        {
            "form": form,
            "page": page,
            "titles": titles,
            "cards": cards,
            "filtering": form.filtering,
        },
    )


def _catalog_page(raw_page):
    """Page ``raw_page`` (as asked, resolved as Paginator.get_page does) of the whole
    catalog, most popular first, with the tags the filters offer: a shared part."""
    tags = selectors.all_tags()
    titles = sort_titles(Title.objects.only(*CARD_FIELDS), "popular")
    paginator = Paginator(titles, TITLES_PER_PAGE)
    page = paginator.get_page(raw_page)
    titles = selectors.with_tag_lists(page.object_list, tags)
    return {
        "tags": tags,
        "count": paginator.count,
        "number": page.number,
        "titles": titles,
        "cards": render_to_string("catalog/_title_cards.html", {"titles": titles}),
    }


def _counted_page(titles, number, rows=None):
    """The page ``number`` of search results ``titles``, as Paginator.get_page gives it,
    counting the matches in the same query (COUNT(*) OVER ()): read from ``rows``, which
    count them (selectors.TitleSearch), or from ``titles`` with the count annotated.

    A search's matches are all found and sorted before any page of them is cut, so the
    count comes at no extra cost, where Paginator's own COUNT query ran the search's
    trigram scans a second time (about 8 of every search page's 20 ms of SQL). A page past
    the end, or before the first, falls back to Paginator, which shows the last one.
    """
    paginator = Paginator(titles, TITLES_PER_PAGE)
    try:
        number = int(number or 1)
    except (TypeError, ValueError):
        number = 1
    # Before the first page, or past any offset the database can hold (?page=999…9).
    if not 1 <= number <= 2**62 // TITLES_PER_PAGE:
        return paginator.get_page(number)
    start = (number - 1) * TITLES_PER_PAGE
    if rows is None:
        rows = titles.annotate(matches=Window(Count("pk")))
    rows = list(rows[start : start + TITLES_PER_PAGE])
    if not rows and number > 1:
        return paginator.get_page(number)
    paginator.count = rows[0].matches if rows else 0
    return Page(rows, number, paginator)


SUGGESTIONS = 8


@cache_public_page
def title_suggest(request):
    """The titles best matching ``q``, as JSON for the navigation's search box."""
    query = request.GET.get("q", "").replace("\x00", "")[:100]
    titles = Title.objects.search(query)[:SUGGESTIONS] if len(query.strip()) >= 2 else []
    return JsonResponse(
        {
            "results": [
                {
                    "title": title.title_en,
                    "url": title.get_absolute_url(),
                    "meta": " · ".join(
                        str(part) for part in (title.get_format_display(), title.year) if part
                    ),
                }
                for title in titles
            ]
        }
    )


def _title_page_shared(slug):
    """What a title's page shows every reader alike: the title with its statistics and
    curated-list places, its tags and content notes, its rank."""
    title = get_object_or_404(
        Title.objects.select_related("statistics").prefetch_related(
            Prefetch(
                "list_entries",
                queryset=ListEntry.objects.filter(curated_list__is_published=True)
                .select_related("curated_list")
                .order_by("curated_list__created_at"),
            ),
        ),
        slug=slug,
    )
    # Genres, themes and content notes in one query; the admin only lets
    # content-note tags into content_notes and the others into tags. Two subqueries on
    # the link tables' title indexes, not a DISTINCT over an OR of two joins (which
    # PostgreSQL answered by scanning every tag link).
    tags = list(
        Tag.objects.filter(
            Q(pk__in=Title.tags.through.objects.filter(title_id=title.pk).values("tag_id"))
            | Q(
                pk__in=Title.content_notes.through.objects.filter(title_id=title.pk).values(
                    "tag_id"
                )
            )
        )
    )
    context = {
        "title": title,
        "tags": [tag for tag in tags if not tag.is_content_note],
        "content_notes": [tag for tag in tags if tag.is_content_note],
        # A column of the statistics: kept in step with every rating (tearful_ranks_refresh),
        # so the page and the rankings always agree for the same reader.
        "rank": selectors.title_tearful_rank(title=title),
    }
    # Rendered once here, not on each page: the page's reader-alike parts, around the
    # reader's own panels (title_detail.html). Through the template engine they were most
    # of a visitor's page and a third of a member's.
    context["html"] = {
        part: render_to_string(f"catalog/_title_{part}.html", context)
        for part in ("top", "middle", "bottom")
    }
    context["html"]["meter"] = render_to_string(
        "catalog/_cry_meter.html", {"stats": title.stats, "rank": context["rank"]}
    )
    # What every visitor sees first of the reviews (members and other sorts or pages
    # render their own).
    context["html"]["reviews"] = render_to_string("catalog/_title_visitors_reviews.html", context)
    return context


# The reviews' sort and page: with none of them a visitor gets the shared part's panel.
REVIEW_PARAMETERS = ("sort", "reviews", "rpage")


@cache_public_page(ranked=True)
def title_detail(request, slug):
    # The shared half from the cache (a member's page is theirs alone, this half isn't).
    shared = shared_part(request, f"title:{slug}", partial(_title_page_shared, slug))
    visitors_reviews = not request.user.is_authenticated and not any(
        name in request.GET for name in REVIEW_PARAMETERS
    )
    return render(
        request,
        "catalog/title_detail.html",
        {**shared, "visitors_reviews": visitors_reviews},
    )


@cache_public_page
def list_index(request):
    lists = CuratedList.objects.published().prefetch_related(
        Prefetch("entries", queryset=ListEntry.objects.select_related("title").order_by("position"))
    )
    return render(request, "catalog/list_index.html", {"lists": lists})


@cache_public_page
def list_detail(request, slug):
    curated_list = get_object_or_404(CuratedList.objects.published(), slug=slug)
    entries = curated_list.entries.select_related("title").prefetch_related(
        "title__tags", "title__content_notes"
    )
    return render(
        request,
        "catalog/list_detail.html",
        {"curated_list": curated_list, "entries": entries},
    )
