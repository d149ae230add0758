"""Where a fresh page render goes: each main page rendered in this process, page caches off.

    DATABASE_URL=postgres://... .venv/bin/python bench/profile_pages.py [--out DIR]

Run by bench/load.py --profile against its seeded database (or by hand against any seeded
one, after load.py made its members). For each page: the median of 30 fresh renders
(Django's test client, no network, no gunicorn), its SQL queries and the time they took,
the PostgreSQL server's own CPU per render (its backend process's, read from /proc over all
50 renders: what the database costs the machine besides this process), the bytes of HTML,
and a pyinstrument profile of 20 more renders written to DIR/<page>.txt with the share of
time spent in templates, in SQL and elsewhere.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sadlist.settings")
# Every page rendered afresh: the whole-page caches are off for this process.
os.environ["SADLIST_ANONYMOUS_PAGE_SECONDS"] = "0"
os.environ["SADLIST_MEMBER_PAGE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

RENDERS = 30
PROFILED = 20


def pages():
    from catalog.models import Title, TitleStats

    # The most tearful title: the page most visitors open.
    popular = Title.objects.tearful(m=5, c=TitleStats.objects.site_cry_mean()).first()
    return [
        ("/healthz", None),
        ("/", None),
        ("/titles/", None),
        ("/rankings/", None),
        (f"/titles/{popular.slug}/", None),
        ("/titles/?q=movie", None),
        ("/watchlist/", "bench-member"),
        ("/watchlist/", "bench-heavy"),
        ("/u/bench-heavy/", "bench-heavy"),
        (f"/titles/{popular.slug}/", "bench-member"),
        ("/", "bench-member"),
        ("/feed/", "bench-member"),
        ("/forecast/", "bench-member"),
        ("/u/bench-member/lists/bench-tearjerkers/", None),
    ]


class SqlTimer:
    def __init__(self):
        self.seconds, self.count = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class DatabaseCpu:
    """The CPU seconds the PostgreSQL backend serving this process has used so far, read from
    /proc: None where the database isn't PostgreSQL on this machine."""

    def __init__(self):
        self.pid = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]

    def seconds(self):
        try:
            with open(f"/proc/{self.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, TypeError):
            return None
        # utime and stime, in clock ticks.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def share(profiler, pattern):
    """Seconds of the profile spent under frames whose file matches ``pattern``."""
    session = profiler.last_session
    root = session.root_frame()
    total = 0.0

    def walk(frame):
        nonlocal total
        if re.search(pattern, frame.file_path or ""):
            total += frame.time
            return
        for child in frame.children:
            walk(child)

    if root:
        walk(root)
    return total


def main():
    from django.contrib.auth import get_user_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "profile")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    users = get_user_model().objects
    rows = []
    for path, member in pages():
        client = Client()
        if member:
            client.force_login(users.get(username=member))
        for _ in range(3):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        size = len(response.content)
        timer = SqlTimer()
        database = DatabaseCpu()
        database_before = database.seconds()
        times, cpu = [], []
        with connection.execute_wrapper(timer):
            for _ in range(RENDERS):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(path)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(PROFILED):
            client.get(path)
        profiler.stop()
        database_after = database.seconds()
        replaced = database.pid != DatabaseCpu().pid
        if database_before is None or database_after is None or replaced:
            database_ms = None  # not PostgreSQL here, or the connection was replaced
        else:
            database_ms = (database_after - database_before) / (RENDERS + PROFILED) * 1000
        total = profiler.last_session.duration or 1
        template = share(profiler, r"django/template/")
        sql = share(profiler, r"django/db/backends/|psycopg|sqlite3")
        name = re.sub(r"\W+", "-", f"{path}-{member or 'anonymous'}").strip("-")
        (options.out / f"{name}.txt").write_text(
            profiler.output_text(unicode=True, color=False, show_all=False)
        )
        row = {
            "path": path,
            "visitor": member or "anonymous",
            "p50_ms": statistics.median(times) * 1000,
            # This process's CPU alone: steadier than wall time on a shared machine.
            "cpu_ms": statistics.median(cpu) * 1000,
            "queries": timer.count // RENDERS,
            "sql_ms": timer.seconds / RENDERS * 1000,
            "database_cpu_ms": database_ms,
            "bytes": size,
            "template": template / total,
            "sql": sql / total,
        }
        rows.append(row)
        print(
            f"{row['visitor']:13} {path:40} p50 {row['p50_ms']:6.1f} ms  "
            f"CPU {row['cpu_ms']:5.1f} ms  "
            f"{row['queries']:2} queries {row['sql_ms']:5.1f} ms  "
            f"PostgreSQL CPU {'—' if database_ms is None else f'{database_ms:4.1f} ms'}  "
            f"{size:7,} B  "
            f"template {row['template']:4.0%}  SQL {row['sql']:4.0%}",
            flush=True,
        )
    return rows


if __name__ == "__main__":
    main()
