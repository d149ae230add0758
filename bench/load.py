"""Load benchmark: sadlist under gunicorn + PostgreSQL + Redis, driven by wrk.

    .venv/bin/python bench/load.py            # full size: 10,000 titles, 100,000 users,
                                              # 1,000,000 entries (seeded once, then reused)
    .venv/bin/python bench/load.py --small    # a quick run on a small data set

It creates (or reuses) the PostgreSQL database ``sadlist_bench`` on this machine,
seeds it with ``manage.py seed_demo``, gives a bench member exactly 100 watchlist
entries, starts gunicorn in production mode with Redis as the cache, then runs wrk
from a second process at a fixed concurrency against /healthz and each main page,
anonymous and signed in. It prints requests per second, p50 and p99 latency and
each page's throughput as a share of /healthz measured in the same run, and
writes the table to docs/benchmarks.md. Not part of the test suite.
"""

import argparse
import datetime
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DATABASE = "sadlist_bench"
PORT = 8100
BASE = f"http://127.0.0.1:{PORT}"
MEMBER = "bench-member"
HEAVY_MEMBER = "bench-heavy"
# The rotation: this many members, each opening random title pages among as many titles.
ROTATION = 200
FULL = {"titles": 10_000, "users": 100_000, "entries": 1_000_000}
SMALL = {"titles": 1_000, "users": 5_000, "entries": 50_000}
TARGETS = {"anonymous": 0.5, "signed in": 0.15}
P99_TARGET_MS = 100

# Two members: 100 entries (the median heavy user) and 1,000 (the long tail), each with a
# session; 200 more members with sessions for the rotation. Remade identically each run.
MEMBER_SCRIPT = f"""
import random
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from catalog.models import Title
from watchlist.models import Entry
from watchlist.services import entry_delete, entry_save

User = get_user_model()
titles = list(Title.objects.filter(slug__startswith="demo-").order_by("pk")[:2000])

def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

for name, count, seed in [("{MEMBER}", 100, 100), ("{HEAVY_MEMBER}", 1000, 101)]:
    member, _ = User.objects.get_or_create(
        username=name, defaults={{"email": name + "@example.invalid"}}
    )
    if Entry.objects.filter(user=member).count() != count:
        for entry in Entry.objects.filter(user=member):
            entry_delete(entry=entry)
        rng = random.Random(seed)
        for title in rng.sample(titles, count):
            status = rng.choice(["completed", "watching", "dropped", "on_hold"])
            entry_save(entry=Entry(user=member, title=title, status=status,
                                   cry_rating=rng.randint(0, 5)))
    print("SESSION", name, session_for(member))
# The rotation's members: demo members, each already with their own entries.
for member in User.objects.filter(username__startswith="demo-").order_by("pk")[:{ROTATION}]:
    print("ROTATION", session_for(member))
"""


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, text=True, **kwargs)


def manage(env, *args, **kwargs):
    return run([PYTHON, "manage.py", *args], env, **kwargs)


def ensure_database():
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], os.environ.copy())


def environment():
    env = os.environ.copy()
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        REDIS_URL="redis://127.0.0.1:6379/14",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no TLS to redirect to.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s.")


def wrk(url, *, seconds, connections, threads, cookie=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50": _ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def _ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="A quick run on a small data set.")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers.")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    size = SMALL if options.small else FULL
    env = environment()
    ensure_database()
    print("Migrating and seeding (reused when it is already there)...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_article", "-v0")
    started = time.monotonic()
    manage(
        env, "seed_demo", "--keep", "--replace", "--seed", "1",
        "--titles", str(size["titles"]), "--users", str(size["users"]),
        "--entries", str(size["entries"]),
    )  # fmt: skip
    seed_seconds = time.monotonic() - started
    session = re.search(
        r"SESSION (\S+)", manage(env, "shell", "-c", MEMBER_SCRIPT, capture_output=True).stdout
    ).group(1)
    manage(env, "collectstatic", "--noinput", "-v0")
    popular = (
        manage(
            env, "shell", "-c",
            "from catalog.models import Title, TitleStats; "
            "print(Title.objects.tearful(m=5, c=TitleStats.objects.site_cry_mean()).first().slug)",
            capture_output=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip

    server = subprocess.Popen(
        [GUNICORN, "sadlist.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(options.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_for(f"{BASE}/healthz")
        pages = [
            ("/healthz", "floor", None),
            ("/", "anonymous", None),
            ("/rankings/", "anonymous", None),
            (f"/titles/{popular}/", "anonymous", None),
            ("/titles/", "anonymous", None),
            ("/watchlist/", "signed in", session),
            (f"/u/{MEMBER}/", "signed in", session),
            (f"/titles/{popular}/", "signed in", session),
        ]
        results = []
        for path, kind, session_id in pages:
            # Warm-up requests first, as a browser makes them: the first hands a signed-in
            # member their CSRF cookie, which a browser then sends with every request.
            cookie = f"sessionid={session_id}" if session_id else None
            for _ in range(2):
                request = urllib.request.Request(BASE + path)
                if cookie:
                    request.add_header("Cookie", cookie)
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    csrf = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", ""))
                if cookie and csrf and "csrftoken" not in cookie:
                    cookie += f"; csrftoken={csrf.group(1)}"
            result = wrk(
                BASE + path,
                seconds=options.seconds,
                connections=options.connections,
                threads=2,
                cookie=cookie,
            )
            results.append((path, kind, result))
            rps, p50, p99 = result["rps"], result["p50"], result["p99"]
            print(f"{kind:9} {path:45} {rps:8.1f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)

    write_report(options, size, seed_seconds, results)


def write_report(options, size, seed_seconds, results):
    floor = results[0][2]["rps"]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        "Made by `bench/load.py` (see its docstring and README.md); not part of the test suite.",
        "",
        f"- Date: {datetime.date.today().isoformat()}, commit {commit or 'unknown'}",
        f"- Machine: {machine()}; wrk, gunicorn and PostgreSQL share it",
        f"- Data: {size['titles']:,} titles, {size['users']:,} users, {size['entries']:,} "
        f"entries on PostgreSQL (seeding or reusing took {seed_seconds:.0f} s); Redis cache",
        f"- Server: gunicorn, {options.workers} sync workers, DJANGO_DEBUG=0",
        f"- Load: wrk, 2 threads, {options.connections} connections, {options.seconds} s per "
        "page, after two warm-up requests; signed in, wrk sends the session and CSRF cookies "
        "a browser would",
        "- The signed-in member has 100 watchlist entries.",
        "",
        "| page | visitor | req/s | p50 ms | p99 ms | × /healthz | target | met |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for path, kind, result in results:
        ratio = result["rps"] / floor
        target = TARGETS.get(kind)
        goal = f"≥ {target} and p99 < {P99_TARGET_MS} ms" if target else "floor"
        met = "—"
        if target:
            met = "yes" if ratio >= target and result["p99"] < P99_TARGET_MS else "**no**"
        errors = f" ({result['errors']} errors)" if result["errors"] else ""
        lines.append(
            f"| `{path}` | {kind} | {result['rps']:.0f}{errors} | {result['p50']:.1f} | "
            f"{result['p99']:.1f} | {ratio:.2f} | {goal} | {met} |"
        )
    options.output.parent.mkdir(parents=True, exist_ok=True)
    existing = options.output.read_text() if options.output.exists() else ""
    notes = existing.split("\n## Notes", 1)[1] if "\n## Notes" in existing else "\n"
    options.output.write_text("\n".join(lines) + "\n\n## Notes" + notes)
    print(f"Wrote {options.output}.")


if __name__ == "__main__":
    sys.exit(main())
