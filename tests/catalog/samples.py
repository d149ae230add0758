"""Small catalog files in the formats import_titles reads, written by the tests.

The anime in the anime-offline-database's documented shape (its README): a metadata
header and a "data" list (.json, -minified.json), or the header on line 1 then one anime
per line (.jsonl). The real file can't be downloaded here.
"""

import csv
import json
import zlib

HEADER = {
    "$schema": "https://raw.githubusercontent.com/manami-project/anime-offline-database/"
    "master/schemas/anime-offline-database.schema.json",
    "license": {
        "name": "Open Data Commons Open Database License (ODbL) v1.0",
        "url": "https://opendatacommons.org/licenses/odbl/1-0/",
    },
    "repository": "https://github.com/manami-project/anime-offline-database",
    "scoreRange": {"minInclusive": 1.0, "maxInclusive": 10.0},
    "lastUpdate": "2026-11-20",
}


def anime(title, *, mal=None, anilist=None, kind="TV", episodes=12, year=2010, **extra):
    sources = [f"https://anidb.net/anime/{zlib.crc32(title.encode()) % 100000}"]
    if anilist:
        sources.append(f"https://anilist.co/anime/{anilist}")
    if mal:
        sources.append(f"https://myanimelist.net/anime/{mal}")
    return {
        "sources": sources,
        "title": title,
        "type": kind,
        "episodes": episodes,
        "status": "FINISHED",
        "animeSeason": {"season": "SPRING", "year": year},
        "picture": f"https://cdn.myanimelist.net/images/anime/{mal or 1}/1.jpg",
        "thumbnail": f"https://cdn.myanimelist.net/images/anime/{mal or 1}/1t.jpg",
        "duration": {"value": 1440, "unit": "SECONDS"},
        "synonyms": extra.pop("synonyms", []),
        "studios": extra.pop("studios", ["studio example"]),
        "producers": ["producer example"],
        "relatedAnime": [],
        "tags": extra.pop("tags", ["drama"]),
        **extra,
    }


ANIME = [
    anime(
        "Steins;Gate",
        mal=9253,
        anilist=9253,
        episodes=24,
        year=2011,
        synonyms=["STEINS;GATE", "シュタインズ・ゲート", "Steins Gate"],
        studios=["white fox"],
        tags=["sci-fi", "time travel", "psychological", "thriller", "drama"],
    ),
    anime(
        "Clannad",
        mal=2167,
        anilist=2167,
        episodes=23,
        year=2007,
        synonyms=["クラナド"],
        studios=["kyoto animation"],
        tags=["drama", "romance", "school", "slice of life", "suicide"],
    ),
    anime(
        "Shigatsu wa Kimi no Uso",
        mal=23273,
        anilist=20665,
        episodes=22,
        year=2014,
        synonyms=["Your Lie in April", "四月は君の嘘", "Kimiuso"],
        studios=["a-1 pictures"],
        tags=["music", "drama", "romance", "tragedy"],
    ),
    anime(
        "Fullmetal Alchemist: Brotherhood",
        mal=5114,
        anilist=5114,
        episodes=64,
        year=2009,
        synonyms=["FMA:B", "FMAB", "Hagane no Renkinjutsushi: Fullmetal Alchemist"],
        studios=["bones"],
        tags=["action", "adventure", "fantasy", "military"],
    ),
    anime("Kanon (2006)", mal=1530, anilist=1530, episodes=24, year=2006, synonyms=["Kanon"]),
    anime("Only on AniList", anilist=999001, kind="ONA", episodes=0, year=None),
    anime("Adult Example", mal=999002, tags=["hentai"]),
    anime("Nowhere To Be Found Again", kind="SPECIAL"),
]


def write_json(path, items=ANIME, *, minified=False):
    document = {**HEADER, "data": items}
    path.write_text(
        json.dumps(document, ensure_ascii=False, indent=None if minified else 2),
        encoding="utf-8",
    )
    return path


def write_jsonl(path, items=ANIME):
    lines = [json.dumps(HEADER, ensure_ascii=False)]
    lines += [json.dumps(item, ensure_ascii=False) for item in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


MAL_ROWS = [
    ["anime_id", "name", "genre", "type", "episodes", "rating", "members"],
    ["9253", "Steins;Gate", "Sci-Fi, Thriller", "TV", "24", "9.17", "673572"],
    ["2167", "Clannad", "Comedy, Drama, Romance, School, Slice of Life, Supernatural", "TV", "23",
     "8.30", "566690"],
    ["9969", "Gintama&#039;", "Action, Comedy, Historical, Parody, Samurai, Sci-Fi, Shounen",
     "TV", "51", "9.16", "151266"],
    ["23273", "Shigatsu wa Kimi no Uso", "Drama, Music, Romance, School, Shounen", "TV", "22",
     "8.92", "416397"],
    ["5114", "Fullmetal Alchemist: Brotherhood", "Action, Adventure, Drama, Fantasy, Magic, "
     "Military, Shounen", "TV", "64", "9.26", "793665"],
    ["34000", "Unaired Example", "", "", "Unknown", "", "120"],
    ["6000", "Adult Example", "Hentai", "OVA", "2", "6.00", "5000"],
]  # fmt: skip


def write_mal_csv(path, rows=MAL_ROWS):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path
