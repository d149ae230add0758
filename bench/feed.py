"""The activity feed at scale: /feed/ for a member who follows 500 members.

Creates or reuses a PostgreSQL database (default ``bench14``), seeds the benchmark community
once (seed_demo: 10,000 titles, 100,000 members, 1,000,000 entries), then adds, idempotently,
a public list of ten titles for one member in ten and a member ``bench-follower`` who follows
the 500 members with the most entries, and vacuums (as autovacuum would). It requests
/feed/ (pages 1 and 5) and the signed-in home page through Django's test client with every
page cache off, so each answer is computed fresh, and reports p50, p99 and the number of
queries. Appends its table to docs/benchmarks.md with ``--write``.

    .venv/bin/python bench/feed.py [--database NAME] [--small] [--write]
"""

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FULL = {"titles": 10_000, "users": 100_000, "entries": 1_000_000}
SMALL = {"titles": 1_000, "users": 5_000, "entries": 50_000}
FOLLOWS = 500
REQUESTS = 200
FOLLOWER = "bench-follower"


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database(name):
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def prepare():
    """The follower, their follows and members' lists; kept between runs."""
    from django.db import connection
    from django.db.models import Count

    from accounts.models import Follow, MemberList, MemberListEntry, User
    from watchlist.models import Entry

    follower, created = User.objects.get_or_create(
        username=FOLLOWER, defaults={"email": f"{FOLLOWER}@example.com"}
    )
    if not created and Follow.objects.filter(follower=follower).count() == FOLLOWS:
        _vacuum(connection)
        return follower
    Follow.objects.filter(follower=follower).delete()
    busiest = list(
        Entry.objects.values("user_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "user_id")
        .values_list("user_id", flat=True)[:FOLLOWS]
    )
    Follow.objects.bulk_create(Follow(follower=follower, followee_id=pk) for pk in busiest)
    if not MemberList.objects.exists():
        owners = list(User.objects.order_by("pk").values_list("pk", flat=True)[::10])
        lists = MemberList.objects.bulk_create(
            MemberList(owner_id=pk, name=f"Saddest of member {pk}", slug=f"saddest-{pk}")
            for pk in owners
        )
        rows = []
        for member_list in lists:
            titles = Entry.objects.filter(user_id=member_list.owner_id).values_list(
                "title_id", flat=True
            )[:10]
            rows += [
                MemberListEntry(member_list=member_list, title_id=title_id, position=i)
                for i, title_id in enumerate(titles, 1)
            ]
            if len(rows) > 20_000:
                MemberListEntry.objects.bulk_create(rows)
                rows = []
        MemberListEntry.objects.bulk_create(rows)
    _vacuum(connection)
    return follower


def _vacuum(connection):
    # As autovacuum keeps a live database: planner statistics, and the visibility map that
    # lets the feed read a member's newest entries from the index alone. seed_demo's bulk
    # load leaves neither.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def latencies(follower):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    client.force_login(follower)
    pages = {
        "/healthz (the floor)": "/healthz",
        f"/feed/ (following {FOLLOWS})": "/feed/",
        "/feed/?page=5": "/feed/?page=5",
        "/ (signed in, with the feed's start)": "/",
    }
    results = {}
    with override_settings(SADLIST_MEMBER_PAGE_SECONDS=0, SADLIST_ANONYMOUS_PAGE_SECONDS=0):
        for name, url in pages.items():
            client.get(url)  # warm the connection and templates
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            # Counted now: the next requests reset the connection's log it reads from.
            count = len(queries)
            times = []
            for _ in range(REQUESTS):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            times.sort()
            results[name] = (
                statistics.median(times),
                times[int(len(times) * 0.99) - 1],
                count,
            )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="bench14")
    parser.add_argument("--small", action="store_true", help="A twentieth of the data set.")
    parser.add_argument("--write", action="store_true", help="Append to docs/benchmarks.md.")
    args = parser.parse_args()
    size = SMALL if args.small else FULL
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DJANGO_SETTINGS_MODULE": "sadlist.settings",
    }
    env.pop("REDIS_URL", None)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    ensure_database(args.database)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(
        env, "seed_demo", "--keep", "--replace", "-v", "0",
        *(f"--{key}={value}" for key, value in size.items()),
    )  # fmt: skip
    import django

    django.setup()
    started = time.perf_counter()
    follower = prepare()
    prepared = time.perf_counter() - started
    results = latencies(follower)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "",
        "## Activity feed at scale (`bench/feed.py`)",
        "",
        f"PostgreSQL, {size['titles']:,} titles, {size['users']:,} members, "
        f"{size['entries']:,} entries (seed_demo, seed 1), a public list of ten titles for one "
        f"member in ten; the reader follows the {FOLLOWS} members with the most entries. Pages "
        f"through Django's test client in one process with every page cache off (fresh), "
        f"{REQUESTS} requests each; queries counted on one request (session and user included).",
        "",
        f"- Date: {datetime.date.today()}, commit {commit}",
        f"- Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"Linux {platform.release()}; the cores were shared with another session's work "
        "(tests and benchmarks) while this ran, so the figures are an upper bound",
        f"- Setting up the follows and lists: {prepared:.1f} s",
        "",
        "| page | p50 ms | p99 ms | queries |",
        "|---|---:|---:|---:|",
        *(f"| {name} | {p50:.1f} | {p99:.1f} | {n} |" for name, (p50, p99, n) in results.items()),
    ]
    print("\n".join(lines))
    if args.write:
        with open(ROOT / "docs" / "benchmarks.md", "a") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
