"""The catalog benchmark: importing 40,000 anime on PostgreSQL, then searching them.

    .venv/bin/python bench/import_search.py [--database-url URL] [--rows N] [--keep-file]

1. Generates N anime (default 40,000) in the anime-offline-database's documented JSONL
   shape (a metadata line, then one anime per line), named after the committed
   MyAnimeList 2016 catalog (fixtures/mal-2016/anime.csv) and its sequels and specials.
2. Recreates the PostgreSQL database (default ``wt11_bench`` on this machine), migrates,
   loads the shipped catalog (load_catalog), and times ``manage.py import_titles`` on the
   file (target < 60 s),
   then a second import of the same file (which must change nothing).
3. Times catalog searches at that size, cold: the page cache is off, each query's first
   answer is counted (target p50 < 50 ms), through Django's test client.

Writes the figures into docs/benchmarks.md between the catalog markers. Not a test:
timings depend on the machine.
"""

import argparse
import csv
import datetime
import html
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ANIME_CSV = ROOT / "fixtures" / "mal-2016" / "anime.csv"
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- catalog benchmark: begin -->", "<!-- catalog benchmark: end -->"
TYPES = {"TV": "TV", "Movie": "MOVIE", "OVA": "OVA", "ONA": "ONA", "Special": "SPECIAL"}
VARIANTS = ["", " Season 2", " Specials", " Movie", " Recap"]
QUERIES = [
    "stiens gate",
    "clanad",
    "shigatsu wa kimi no uso",
    "your lie",
    "fma brotherhood",
    "kimi no na wa",
    "gintama",
    "naruto shippuden",
    "one piece",
    "anohana",
    "shingeki no kyojin",
    "violet evergarden",
    "madoka",
    "cowboy bebop",
    "death note",
    "toradora",
    "evangelion",
    "mushishi",
    "natsume yuujinchou",
    "hotaru no haka",
]


def generate(path, rows, seed=1):
    """Write ``rows`` anime in the anime-offline-database JSONL shape to ``path``."""
    rng = random.Random(seed)
    with ANIME_CSV.open(newline="", encoding="utf-8") as handle:
        base = [row for row in csv.DictReader(handle) if "Hentai" not in row["genre"]]
    header = {
        "$schema": "https://raw.githubusercontent.com/manami-project/anime-offline-database/"
        "master/schemas/anime-offline-database.schema.json",
        "license": {"name": "Open Data Commons Open Database License (ODbL) v1.0"},
        "repository": "https://github.com/manami-project/anime-offline-database",
        "lastUpdate": "2026-11-20",
    }
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for n in range(rows):
            row = base[n % len(base)]
            variant = n // len(base)
            name = html.unescape(row["name"]) + VARIANTS[variant % len(VARIANTS)]
            if variant >= len(VARIANTS):
                name += f" {variant}"
            mal_id = int(row["anime_id"]) + variant * 100_000
            genres = [g.strip().lower() for g in row["genre"].split(",") if g.strip()]
            episodes = int(row["episodes"]) if row["episodes"].isdigit() else 0
            anime = {
                "sources": [
                    f"https://anidb.net/anime/{n + 1}",
                    f"https://anilist.co/anime/{mal_id + 1_000_000}",
                    f"https://myanimelist.net/anime/{mal_id}",
                ],
                "title": name,
                "type": TYPES.get(row["type"], "UNKNOWN"),
                "episodes": episodes,
                "status": "FINISHED",
                "animeSeason": {"season": "SPRING", "year": rng.randint(1970, 2025)},
                "picture": f"https://cdn.myanimelist.net/images/anime/{n % 9000}/{mal_id}.jpg",
                "thumbnail": f"https://cdn.myanimelist.net/images/anime/{n % 9000}/{mal_id}t.jpg",
                "duration": {"value": 1440, "unit": "SECONDS"},
                "synonyms": [name.upper(), re.sub(r"[^\w ]", "", name), f"{name} (TV)"][
                    : rng.randint(0, 3)
                ],
                "studios": [f"studio {rng.randint(1, 400)}"],
                "producers": [f"producer {rng.randint(1, 900)}"],
                "relatedAnime": [],
                "tags": [*genres, *rng.sample(["tragedy", "school", "family life", "gore"], 2)],
            }
            out.write(json.dumps(anime, ensure_ascii=False) + "\n")


def timed(command, env):
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def recreate_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    if name in {"test", "sadlist_bench", "postgres"}:
        sys.exit(f"Refusing to recreate the shared database {name!r}.")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def search_timings(env):
    """Each query's first (cold) answer and the median of five more, in milliseconds."""
    os.environ.update(env)
    os.environ["SADLIST_ANONYMOUS_PAGE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sadlist.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    client.get("/titles/")  # opens the connection, loads templates
    from catalog.models import Title

    cold, warm, found, database = [], [], {}, []
    for query in QUERIES:
        started = time.perf_counter()
        titles = Title.objects.search(query)
        titles.count(), list(titles[:24])
        database.append((time.perf_counter() - started) * 1000)
    for query in QUERIES:
        for path in ("/titles/", "/titles/suggest/"):
            started = time.perf_counter()
            response = client.get(path, {"q": query})
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (path, query, response.status_code)
            if path == "/titles/":
                cold.append(elapsed)
                titles = response.context["titles"]
                found[query] = titles[0].title_en if titles else "—"
        repeats = []
        for _ in range(5):
            started = time.perf_counter()
            client.get("/titles/", {"q": query})
            repeats.append((time.perf_counter() - started) * 1000)
        warm.append(statistics.median(repeats))
    return cold, warm, found, database


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/wt11_bench")
    parser.add_argument("--rows", type=int, default=40_000)
    parser.add_argument("--write", action="store_true", help="Write docs/benchmarks.md.")
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_DEBUG": "1"}
    env.pop("REDIS_URL", None)
    python = str(ROOT / ".venv" / "bin" / "python")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "anime-offline-database.jsonl"
        generate(path, args.rows)
        print(f"Generated {args.rows} anime in {path.name}.")
        recreate_database(args.database_url)
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        # The shipped catalog first (the article and MyAnimeList 2016, with popularity), as
        # on a real site: the file's first 11,000 rows then refresh titles, the rest add.
        catalog = timed([python, "manage.py", "load_catalog", "-v0"], env)
        print(f"load_catalog: {catalog:.1f} s")
        first = timed([python, "manage.py", "import_titles", str(path)], env)
        print(f"First import: {first:.1f} s")
        second = timed([python, "manage.py", "import_titles", str(path)], env)
        print(f"Second import (nothing to change): {second:.1f} s")
    subprocess.run(
        [python, "manage.py", "dbshell", "--", "-c", "ANALYZE"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    load_before = os.getloadavg()[0]
    cold, warm, found, database = search_timings(env)
    from catalog.models import Title

    total = Title.objects.count()
    p50, p90 = statistics.median(cold), statistics.quantiles(cold, n=10)[-1]
    print(f"{total} titles; search p50 {p50:.1f} ms cold, p90 {p90:.1f} ms")
    for query, title in found.items():
        print(f"  {query!r} -> {title}")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    section = "\n".join(
        [
            BEGIN,
            "## Catalog import and search (`bench/import_search.py`)",
            "",
            f"- Date: {datetime.date.today()}, commit {commit}",
            f"- Machine: {machine()}; PostgreSQL on the same machine; load average "
            f"{load_before:.1f} when the searches began (other work shares the cores)",
            f"- Data: the shipped catalog, then {args.rows:,} generated anime in the "
            "anime-offline-database JSONL shape (the committed MyAnimeList 2016 names and ids, "
            f"then sequels and specials of them: the first refresh titles, the rest add); "
            f"{total:,} titles after the import",
            "",
            "| measure | result | target | met |",
            "|---|---:|---|---|",
            f"| first `import_titles` of {args.rows:,} anime (a process, wall time) "
            f"| {first:.1f} s | < 60 s | {'yes' if first < 60 else 'no'} |",
            f"| second import of the same file (changes nothing) | {second:.1f} s | — | — |",
            f"| `/titles/?q=` search, cold, p50 of {len(cold)} queries | {p50:.1f} ms "
            f"| < 50 ms | {'yes' if p50 < 50 else 'no'} |",
            f"| the same, p90 | {p90:.1f} ms | — | — |",
            f"| the same queries repeated, p50 | {statistics.median(warm):.1f} ms | — | — |",
            f"| the search's two queries alone (count, first 24), cold, p50 "
            f"| {statistics.median(database):.1f} ms | — | — |",
            f"| `load_catalog` before it (article, MyAnimeList 2016) | {catalog:.1f} s | — | — |",
            "",
            "Cold means the page cache is off and each query is asked for the first time; the",
            "page (count, a page of 24 titles with their tags, the filter form) is rendered by",
            "Django's test client in the benchmark's process. First results: "
            + "; ".join(f"“{q}” → {t}" for q, t in found.items())
            + ".",
            END,
        ]
    )
    if args.write:
        text = DOCS.read_text()
        if BEGIN in text:
            text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        DOCS.write_text(text)
        print(f"Wrote {DOCS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
