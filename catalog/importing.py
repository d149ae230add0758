"""Reading catalog files into plain records: the anime-offline-database and MyAnimeList 2016.

Each reader checks the whole file before anything is written (catalog.services.titles_import
writes), so a malformed file, a wrong format or a truncated line stops the import with a
message naming the line, and nothing is half-imported.
"""

import csv
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .models import MAX_YEAR, MIN_YEAR, TitleFormat

MAL_URL = re.compile(r"^https?://(?:www\.)?myanimelist\.net/anime/(\d+)(?:/|$)")
ANILIST_URL = re.compile(r"^https?://(?:www\.)?anilist\.co/anime/(\d+)(?:/|$)")
# The largest number the id and episode columns hold everywhere.
MAX_ID = 2_147_483_647
MAX_EPISODES = 32_767

OFFLINE_FORMATS = {
    "TV": TitleFormat.TV,
    "MOVIE": TitleFormat.MOVIE,
    "OVA": TitleFormat.OVA,
    "ONA": TitleFormat.ONA,
    "SPECIAL": TitleFormat.SPECIAL,
    "UNKNOWN": TitleFormat.UNKNOWN,
}
MAL_FORMATS = {
    "TV": TitleFormat.TV,
    "Movie": TitleFormat.MOVIE,
    "OVA": TitleFormat.OVA,
    "ONA": TitleFormat.ONA,
    "Special": TitleFormat.SPECIAL,
    "Music": TitleFormat.MUSIC,
    "": TitleFormat.UNKNOWN,
}
MAL_COLUMNS = ["anime_id", "name", "genre", "type", "episodes", "rating", "members"]
ADULT_TAGS = {"hentai"}


class CatalogFileError(ValueError):
    """The file can't be imported; the message says where and why."""


@dataclass
class Record:
    """One anime as a catalog file lists it, in the site's terms."""

    line: str  # where it is, for messages: "line 12", "data[3]"
    title: str
    mal_id: int | None = None
    anilist_id: int | None = None
    format: str = TitleFormat.UNKNOWN
    episodes: int | None = None
    year: int | None = None
    studio: str = ""
    synonyms: list = field(default_factory=list)
    tags: list = field(default_factory=list)  # the source's own labels, lower-cased
    popularity: int | None = None
    picture_url: str = ""

    @property
    def is_adult(self):
        return bool(ADULT_TAGS & set(self.tags))


def read_catalog_file(path):
    """The records of a catalog file and the name of its format.

    Accepts the anime-offline-database (``.json``, ``-minified.json``, ``.jsonl``) and
    the MyAnimeList 2016 CSV (``.csv``). Raises CatalogFileError.
    """
    path = Path(path)
    if not path.is_file():
        raise CatalogFileError(f"{path}: no such file.")
    suffix = path.suffix.lower()
    readers = {
        ".json": ("anime-offline-database JSON", _read_offline_json),
        ".jsonl": ("anime-offline-database JSONL", _read_offline_jsonl),
        ".csv": ("MyAnimeList 2016 CSV", _read_mal_csv),
    }
    if suffix not in readers:
        raise CatalogFileError(
            f"{path.name}: unknown kind of file; give an anime-offline-database .json or "
            ".jsonl file, or the MyAnimeList 2016 anime.csv."
        )
    name, reader = readers[suffix]
    try:
        with path.open(encoding="utf-8", newline="" if suffix == ".csv" else None) as handle:
            return name, reader(handle)
    except UnicodeDecodeError as error:
        raise CatalogFileError(f"{path.name}: not UTF-8 text ({error.reason}).") from None


# The anime-offline-database ------------------------------------------------------------


def _read_offline_json(handle):
    try:
        document = json.load(handle)
    except json.JSONDecodeError as error:
        raise _json_error(error, error.lineno, "the file") from None
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise CatalogFileError(
            'not the anime-offline-database: it has no "data" list of anime at the top.'
        )
    return [_offline_record(anime, f"data[{n}]") for n, anime in enumerate(document["data"])]


def _read_offline_jsonl(handle):
    records = []
    number = 0
    for number, text in enumerate(handle, start=1):  # noqa: B007 (number is read after)
        if not text.strip():
            continue
        try:
            item = json.loads(text)
        except json.JSONDecodeError as error:
            raise _json_error(error, number, "the line") from None
        if number == 1:
            # The first line describes the file (licence, repository, date), not an anime.
            if not isinstance(item, dict) or "sources" in item:
                raise CatalogFileError(
                    "line 1: not the anime-offline-database JSONL: its first line must be "
                    "the file's metadata (licence, repository, lastUpdate)."
                )
            continue
        records.append(_offline_record(item, f"line {number}"))
    if number == 0:
        raise CatalogFileError("the file is empty.")
    return records


def _json_error(error, line, what):
    return CatalogFileError(
        f"line {line}, column {error.colno}: not valid JSON ({error.msg}); {what} may be truncated."
    )


def _offline_record(anime, where):
    def wrong(message):
        return CatalogFileError(f"{where}: {message}")

    if not isinstance(anime, dict):
        raise wrong("an anime must be a JSON object.")
    title = anime.get("title")
    if not isinstance(title, str) or not title.strip():
        raise wrong('no "title".')
    sources = anime.get("sources", [])
    if not _strings(sources):
        raise wrong('"sources" must be a list of URLs.')
    kind = anime.get("type", "UNKNOWN")
    if kind not in OFFLINE_FORMATS:
        raise wrong(f'"type" is {kind!r}, not one of {", ".join(OFFLINE_FORMATS)}.')
    episodes = anime.get("episodes", 0)
    if not isinstance(episodes, int) or isinstance(episodes, bool) or episodes < 0:
        raise wrong('"episodes" must be a whole number, 0 or more.')
    season = anime.get("animeSeason") or {}
    if not isinstance(season, dict):
        raise wrong('"animeSeason" must be an object with "season" and "year".')
    year = season.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise wrong('"animeSeason.year" must be a year or null.')
    for name in ("synonyms", "tags", "studios"):
        if not _strings(anime.get(name, [])):
            raise wrong(f'"{name}" must be a list of strings.')
    picture = anime.get("picture", "")
    if not isinstance(picture, str):
        raise wrong('"picture" must be a URL.')
    title = title.strip()
    return Record(
        line=where,
        title=title,
        mal_id=_id_in(sources, MAL_URL),
        anilist_id=_id_in(sources, ANILIST_URL),
        format=OFFLINE_FORMATS[kind],
        episodes=episodes if 0 < episodes <= MAX_EPISODES else None,
        year=year if year and MIN_YEAR <= year <= MAX_YEAR else None,
        studio=", ".join(s.strip() for s in anime.get("studios", []) if s.strip())[:200],
        synonyms=_names(anime.get("synonyms", []), title),
        tags=[tag.strip().lower() for tag in anime.get("tags", []) if tag.strip()],
        picture_url=picture if picture.startswith("https://") and len(picture) <= 500 else "",
    )


def _strings(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _id_in(sources, pattern):
    for url in sources:
        match = pattern.match(url.strip())
        if match and 0 < int(match[1]) <= MAX_ID:
            return int(match[1])
    return None


def _names(names, title):
    """Distinct non-empty names other than ``title``, in their order."""
    seen = {title}
    kept = []
    for name in names:
        name = " ".join(name.split())
        if name and name not in seen:
            seen.add(name)
            kept.append(name)
    return kept


# MyAnimeList 2016 ----------------------------------------------------------------------


def _read_mal_csv(handle):
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        raise CatalogFileError("the file is empty.")
    if [name.strip() for name in header] != MAL_COLUMNS:
        raise CatalogFileError(
            f"line 1: not the MyAnimeList 2016 anime.csv: its header must be "
            f"{','.join(MAL_COLUMNS)}."
        )
    records = []
    for row in reader:
        where = f"line {reader.line_num}"
        if not row:
            continue
        if len(row) != len(MAL_COLUMNS):
            raise CatalogFileError(
                f"{where}: {len(row)} columns instead of {len(MAL_COLUMNS)}; "
                "the line may be truncated."
            )
        values = dict(zip(MAL_COLUMNS, (value.strip() for value in row), strict=True))
        if not values["anime_id"].isascii() or not values["anime_id"].isdigit():
            raise CatalogFileError(f"{where}: anime_id {values['anime_id']!r} is not a number.")
        if values["type"] not in MAL_FORMATS:
            raise CatalogFileError(
                f"{where}: type {values['type']!r} is not one of "
                f"{', '.join(t for t in MAL_FORMATS if t)}."
            )
        title = html.unescape(values["name"]).strip()
        if not title:
            raise CatalogFileError(f"{where}: no name.")
        episodes = values["episodes"]
        members = values["members"]
        mal_id = int(values["anime_id"])
        records.append(
            Record(
                line=where,
                title=title,
                mal_id=mal_id if 0 < mal_id <= MAX_ID else None,
                format=MAL_FORMATS[values["type"]],
                episodes=int(episodes)
                if episodes.isascii() and episodes.isdigit() and 0 < int(episodes) <= MAX_EPISODES
                else None,
                tags=[g.strip().lower() for g in values["genre"].split(",") if g.strip()],
                popularity=min(int(members), MAX_ID)
                if members.isascii() and members.isdigit()
                else None,
            )
        )
    return records
