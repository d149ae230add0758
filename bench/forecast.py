"""The tear forecast at scale: build_forecasts' time and memory, and its pages' latency.

Creates or reuses a PostgreSQL database (default ``sadlist_forecast_bench``), seeds the
benchmark community once (seed_demo: 10,000 titles, 100,000 members, 1,000,000 entries),
runs ``manage.py build_forecasts`` in a child process (wall time and peak memory from
getrusage), then requests /forecast/ and /titles/<slug>/similar/ through Django's test client
with every page cache off, so each answer is computed fresh, and reports p50 and p99.
Appends its table to docs/benchmarks.md with ``--write``.

    .venv/bin/python bench/forecast.py [--database NAME] [--small] [--write]
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
REQUESTS = 200


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database(name):
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def timed_build(env):
    """Wall seconds and peak resident memory (MB) of one build_forecasts run."""
    started = time.perf_counter()
    child = subprocess.Popen([PYTHON, "manage.py", "build_forecasts"], cwd=ROOT, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    if status:
        raise SystemExit("build_forecasts failed")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def page_latencies():
    """p50 and p99 (ms) of the forecast pages, computed fresh, inside this process."""
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings

    from forecast.models import TitleNeighbour
    from watchlist.models import Entry

    # The member with the median number of ratings among those with at least 10, and the
    # title with the most neighbours: a typical member, the longest similar list.
    counts = list(
        Entry.objects.filter(cry_rating__isnull=False)
        .values("user_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=10)
        .order_by("n")
        .values_list("user_id", "n")
    )
    user_id, rated = counts[len(counts) // 2]
    busiest = (
        TitleNeighbour.objects.values("title__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["title__slug"]
    )
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(pk=user_id)
    client = Client()
    client.force_login(member)
    pages = {
        "/healthz (the floor)": "/healthz",
        "/titles/ (for comparison)": "/titles/",
        f"/forecast/ (member with {rated} ratings)": "/forecast/",
        "/forecast/?format=tv": "/forecast/?format=tv",
        f"/titles/{busiest}/similar/": f"/titles/{busiest}/similar/",
        f"/titles/{busiest}/ (signed in)": f"/titles/{busiest}/",
    }
    results = {}
    with override_settings(SADLIST_MEMBER_PAGE_SECONDS=0, SADLIST_ANONYMOUS_PAGE_SECONDS=0):
        for name, url in pages.items():
            client.get(url)  # warm the connection and templates
            times = []
            for _ in range(REQUESTS):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            times.sort()
            results[name] = (statistics.median(times), times[int(len(times) * 0.99) - 1])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sadlist_forecast_bench")
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
        env,
        "seed_demo",
        "--keep",
        "--replace",
        "-v",
        "0",
        *(f"--{key}={value}" for key, value in size.items()),
    )
    seconds, peak_mb = timed_build(env)
    latencies = page_latencies()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "",
        "## Tear forecast at scale",
        "",
        f"Made by `bench/forecast.py`: PostgreSQL, {size['titles']:,} titles, "
        f"{size['users']:,} members, {size['entries']:,} entries (seed_demo, seed 1); pages "
        f"through Django's test client in one process with every page cache off (fresh), "
        f"{REQUESTS} requests each.",
        "",
        f"- Date: {datetime.date.today()}, commit {commit}",
        f"- Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"Linux {platform.release()}",
        f"- `build_forecasts`: {seconds:.1f} s wall, peak memory {peak_mb:.0f} MB "
        "(targets: 5 minutes, 4 GB)",
        "",
        "| page | p50 ms | p99 ms |",
        "|---|---:|---:|",
        *(f"| {name} | {p50:.1f} | {p99:.1f} |" for name, (p50, p99) in latencies.items()),
    ]
    print("\n".join(lines))
    if args.write:
        with open(ROOT / "docs" / "benchmarks.md", "a") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
