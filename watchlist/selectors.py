"""Reads of the watchlist that are more than one QuerySet method."""

from catalog.models import Title
from catalog.search import fold


def titles_for_rows(rows):
    """The catalog title each imported row names: {row line: Title}, unmatched rows left out.

    By MyAnimeList id first; then by the row's name, folded (case, accents and
    punctuation ignored), against every name of every title. Two queries whatever the
    number of rows.
    """
    by_mal_id = Title.objects.in_bulk(
        {row["mal_id"] for row in rows if row["mal_id"]}, field_name="mal_id"
    )
    found = {row["line"]: by_mal_id[row["mal_id"]] for row in rows if row["mal_id"] in by_mal_id}
    rest = [row for row in rows if row["line"] not in found]
    if rest:
        names = {}
        for title in Title.objects.only(
            "pk", "slug", "title_en", "title_romaji", "title_native", "other_titles", "episodes",
            "mal_id",
        ):  # fmt: skip
            others = title.other_titles.splitlines()
            for name in (title.title_en, title.title_romaji, title.title_native, *others):
                if name:
                    names.setdefault(fold(name), title)
        for row in rest:
            title = names.get(fold(row["name"]))
            if title is not None:
                found[row["line"]] = title
    return found
