"""MyAnimeList import benchmark: a generated 10,000-entry export into PostgreSQL.

    .venv/bin/python bench/mal_import.py             # 10,000 entries
    .venv/bin/python bench/mal_import.py --entries 2000

It creates (or reuses) the PostgreSQL database ``sadlist_import_bench`` with as many
catalog titles as entries (each with a MyAnimeList id; a tenth of the export names its
titles by name only, so the name matching is measured too), writes a MyAnimeList export
in the documented format, gzipped as MyAnimeList serves it, and times, for a member
whose watchlist is empty: reading and parsing the file, the preview's matching, and the
import itself (one transaction). Then it imports the same file again (nothing changes)
and checks the statistics with recompute_stats --dry-run. Best of three runs, each into
a fresh member. Results go to docs/benchmarks.md. Not part of the test suite.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import ROOT, machine, manage, run  # noqa: E402

DATABASE = "sadlist_import_bench"

SCRIPT = """
import gzip, io, random, time
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from catalog.models import Title
from watchlist import mal, selectors, services
from watchlist.models import Entry, ImportBatch

N = {entries}
if Title.objects.filter(slug__startswith="bench-import-").count() != N:
    Title.objects.filter(slug__startswith="bench-import-").delete()
    Title.objects.bulk_create(
        [Title(slug=f"bench-import-{{n}}", title_en=f"Import Bench Title {{n}}",
               search_text=f" import bench title {{n}}", mal_id=900000 + n,
               episodes=12 + n % 40) for n in range(N)],
        batch_size=2000,
    )
rng = random.Random(12)
statuses = ["Completed", "Watching", "On-Hold", "Dropped", "Plan to Watch"]
parts = ['<?xml version="1.0" encoding="UTF-8" ?>\\n<myanimelist><myinfo>'
         '<user_export_type>1</user_export_type></myinfo>']
for n in range(N):
    by_name = n % 10 == 0
    status = rng.choice(statuses)
    parts.append(
        "<anime><series_animedb_id>%d</series_animedb_id>"
        "<series_title><![CDATA[Import Bench Title %d]]></series_title>"
        "<series_episodes>%d</series_episodes><my_watched_episodes>%d</my_watched_episodes>"
        "<my_start_date>2019-0%d-1%d</my_start_date><my_finish_date>0000-00-00</my_finish_date>"
        "<my_score>%d</my_score><my_status>%s</my_status>"
        "<my_comments><![CDATA[note %d]]></my_comments><my_times_watched>%d</my_times_watched>"
        "<my_tags><![CDATA[]]></my_tags></anime>"
        % ((0 if by_name else 900000 + n), n, 12 + n % 40, rng.randint(0, 12),
           rng.randint(1, 9), rng.randint(0, 9), rng.randint(0, 10), status, n,
           rng.randint(0, 3))
    )
parts.append("</myanimelist>")
packed = gzip.compress("".join(parts).encode())
print("FILE", len(packed))
timings = []
for attempt in range(3):
    member, _ = get_user_model().objects.get_or_create(username=f"bench-importer-{{attempt}}")
    for entry in Entry.objects.filter(user=member):
        services.entry_delete(entry=entry)
    started = time.perf_counter()
    rows = mal.parse(mal.read_upload(SimpleUploadedFile("animelist.xml.gz", packed)))
    batch = ImportBatch.objects.create(user=member, rows=[row.as_dict() for row in rows])
    parsed = time.perf_counter()
    matched = selectors.titles_for_rows(batch.rows)
    previewed = time.perf_counter()
    services.mal_import(batch=batch, policy="keep")
    imported = time.perf_counter()
    again = ImportBatch.objects.create(user=member, rows=batch.rows)
    result = services.mal_import(batch=again, policy="take").result
    timings.append((parsed - started, previewed - parsed, imported - previewed,
                    imported - started, len(matched), len(result["added"]),
                    len(result["updated"])))
best = min(timings, key=lambda t: t[3])
print("TIMES", *("%.3f" % t for t in best[:4]), *best[4:])
print("ENTRIES", Entry.objects.filter(user__username__startswith="bench-importer-").count())
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    options = parser.parse_args()
    env = os.environ.copy()
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], env)
    manage(env, "migrate", "--noinput", "-v0")
    output = manage(
        env, "shell", "-c", SCRIPT.format(entries=options.entries), capture_output=True
    ).stdout
    size = int(re.search(r"FILE (\d+)", output).group(1))
    times = re.search(r"TIMES (\S+) (\S+) (\S+) (\S+) (\d+) (\d+) (\d+)", output).groups()
    drift = manage(env, "recompute_stats", "--dry-run", capture_output=True).stdout.strip()
    parse_s, match_s, import_s, total_s = (float(t) for t in times[:4])
    matched, added_again, updated_again = (int(t) for t in times[4:])
    lines = [
        "## MyAnimeList import",
        "",
        "Made by `bench/mal_import.py`: a generated MyAnimeList export, gzipped "
        f"({size / 1024:.0f} KiB), imported into an empty watchlist on PostgreSQL, "
        "best of three runs; a tenth of its entries match by name only.",
        "",
        f"- Date: {datetime.date.today().isoformat()}, commit {_commit()}",
        f"- Machine: {machine()}",
        "",
        "| entries | read and parse | preview's matching | import | total | target |",
        "|---:|---:|---:|---:|---:|---|",
        f"| {options.entries:,} | {parse_s:.2f} s | {match_s:.2f} s | {import_s:.2f} s | "
        f"{total_s:.2f} s | under 10 s: {'met' if total_s < 10 else 'NOT met'} |",
        "",
        f"- {matched:,} of {options.entries:,} entries matched. The same file imported again "
        f"with “take the file's”: {added_again} added, {updated_again} updated.",
        f"- recompute_stats --dry-run afterwards: {drift.splitlines()[-1]}",
        "",
    ]
    print("\n".join(lines))
    report = ROOT / "docs" / "benchmarks.md"
    text = report.read_text()
    text = re.sub(r"\n## MyAnimeList import\n.*?(?=\n## |\Z)", "\n", text, flags=re.S).rstrip()
    report.write_text(text + "\n\n" + "\n".join(lines))


def _commit():
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()


if __name__ == "__main__":
    main()
