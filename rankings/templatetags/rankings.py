"""The rankings' table rows, built in Python: through the template engine each of a page's
fifty rows cost about half a millisecond (its cover, link, numbers and filters)."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from catalog.templatetags.catalog import cover_thumb
from sadlist.formatting import decimal_places, escape

register = template.Library()


def two_decimals(value):
    """``value|floatformat:2`` for the rankings' numbers (0 to 5); "" for None."""
    return decimal_places(value, 2)


class Rows:
    """A table's rows, each split where the member's quick-add form goes.

    Rankings read the catalog alone, so the watchlist's form is put in by the template
    (rankings/_rows.html), and only for members: visitors get no form, so their rows are
    joined here in one string.
    """

    def __init__(self, split, *, member):
        self._split = split  # (title, before the form, after it), escaped
        self.member = member

    @property
    def titles(self):
        return [title for title, _, _ in self._split]

    @property
    def split(self):
        """(title, its row's id, the row before the form, after it), for members."""
        return [
            (title, f"t-{title.slug}", SafeString(head), SafeString(tail))
            for title, head, tail in self._split
        ]

    @property
    def html(self):
        return SafeString("".join(head + tail for _, head, tail in self._split))


def _rows(context, rows):
    """``rows``, (rank, title, escaped cells after the title's) triples, as Rows."""
    return Rows(_split(rows), member=_for_member(context))


def _for_member(context):
    request = getattr(context, "request", None) or context.get("request")
    return request is not None and request.user.is_authenticated


def _split(rows):
    """``rows`` as Rows holds them: (title, the row before the form, after it).

    Values are escaped with sadlist.formatting.escape (django.utils.html.escape's output,
    without its lazy-string wrapper, a tenth of a row's cost).
    """
    marker = "title-slug-marker"
    before, after = escape(reverse("catalog:title_detail", args=[marker])).split(marker)
    split = []
    for rank, title, cells in rows:
        slug = escape(title.slug)
        split.append(
            (
                title,
                f'<tr id="t-{slug}"><td data-label="Rank">{rank}</td><th scope="row">'
                f'<div class="title-cell">{cover_thumb(title)}<div>'
                f'<a href="{before}{slug}{after}">{escape(title.title_en)}</a>',
                f"</div></div></th>{cells}</tr>\n",
            )
        )
    return split


def tearful_split(titles, full=False):
    """Most tearful's rows for ``titles`` (numbered, from catalog.selectors.tearful_ranking),
    as Rows holds them: the same for every reader, so the kept pages of the ranking keep
    them (rankings.views._tearful_page)."""
    rows = []
    for title in titles:
        cells = (
            f'<td class="text-end" data-label="Weighted score">{two_decimals(title.weighted)}</td>'
        )
        if full:
            cells += (
                f'<td class="text-end" data-label="Mean R">{two_decimals(title.cry_mean)}</td>'
                f'<td class="text-end" data-label="Ratings v">{title.cry_votes}</td>'
            )
        rows.append((title.rank, title, cells))
    return _split(rows)


@register.simple_tag(takes_context=True)
def tearful_rows(context, titles, full=False, kept=None):
    """Most tearful's rows (titles from catalog.selectors.tearful_ranking, numbered): rank,
    title, weighted score and, ``full``, the mean and the number of ratings. ``kept`` is
    tearful_split's of the same titles, where the page has it."""
    return Rows(kept or tearful_split(titles, full), member=_for_member(context))


@register.simple_tag(takes_context=True)
def watched_rows(context, titles):
    """Most watched's rows (numbered titles annotated with ``completed``)."""
    return _rows(
        context,
        [
            (
                title.rank,
                title,
                f'<td class="text-end" data-label="Completed by">{title.completed} member'
                f"{'' if title.completed == 1 else 's'}</td>",
            )
            for title in titles
        ],
    )


@register.simple_tag(takes_context=True)
def article_rows(context, entries):
    """The article's rows (its list entries, in order): rank, title, format and year."""
    return _rows(
        context,
        [
            (
                rank,
                entry.title,
                f'<td data-label="Format">{escape(entry.title.get_format_display())}</td>'
                f'<td data-label="Year">{entry.title.year or "—"}</td>',
            )
            for rank, entry in enumerate(entries, start=1)
        ],
    )
