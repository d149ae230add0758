"""Load benchmark: sadlist under gunicorn + PostgreSQL + Redis, driven by wrk.

    .venv/bin/python bench/load.py            # full size: 10,000 titles, 100,000 users,
                                              # 1,000,000 entries (seeded once, then reused)
    .venv/bin/python bench/load.py --small    # a quick run on a small data set
    .venv/bin/python bench/load.py --database bench16 --redis-db 4 --profile

It creates (or reuses) a PostgreSQL database on this machine (``sadlist_bench`` unless
--database), seeds it with ``manage.py seed_demo``, gives two bench members exactly 100
and 1,000 watchlist entries and 200 demo members a session each, then measures with wrk
(2 threads, 16 connections), gunicorn in production mode (2 sync workers unless told):

- fresh: every main page with the page caches off (SADLIST_*_PAGE_SECONDS=0), at 16
  connections and alone (1 connection: its p50 is "one request alone"); the pages'
  shared parts (sadlist.caching.shared_part) are kept, as shipped;
- rotation: 200 members each opening random title pages among 200 (bench/rotate.lua
  rotates sessions and titles), and the same for anonymous visitors, with the caches as
  shipped, then with the page caches off, then with nothing kept (shared parts off too);
  each cache's hit rate read from the X-Sadlist-Cache and X-Sadlist-Shared headers of
  every response;
- repeated hit: one visitor reloading one page, caches on (what the old benchmark
  measured; labelled as such);

each against /healthz measured in the same server run, and each number the min and
median of --runs runs (2). Bytes per page from one fresh GET. It writes its section of
docs/benchmarks.md (between the "load benchmark" markers) and, with --profile, runs
bench/profile_pages.py first (pyinstrument; where a fresh render goes). Not part of the
test suite.
"""

import argparse
import datetime
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DATABASE = "sadlist_bench"
REDIS_DB = 14
LUA = ROOT / "bench" / "rotate.lua"
PORT = 8100
BASE = f"http://127.0.0.1:{PORT}"
MEMBER = "bench-member"
HEAVY_MEMBER = "bench-heavy"
# The rotation: this many members, each opening random title pages among as many titles.
ROTATION = 200
FULL = {"titles": 10_000, "users": 100_000, "entries": 1_000_000}
SMALL = {"titles": 1_000, "users": 5_000, "entries": 50_000}
# Issue 16's targets: every page fresh at least 0.10 of /healthz with p99 under 100 ms
# and alone under 10 ms p50; the rotation at least 0.15 of /healthz.
FRESH_TARGET = 0.10
ROTATION_TARGET = 0.15
P99_TARGET_MS = 100
ALONE_TARGET_MS = 10

# Two members: 100 entries (the median heavy user) and 1,000 (the long tail), each with a
# session; 200 more members with sessions for the rotation. Remade identically each run.
MEMBER_SCRIPT = f"""
import random
from django.contrib.auth import get_user_model
from sadlist.sessions import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from catalog.models import Title
from watchlist.models import Entry
from watchlist.services import entry_delete, entry_save

User = get_user_model()
titles = list(Title.objects.filter(slug__startswith="demo-").order_by("pk")[:2000])

def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.MemberBackend"
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
rotation = list(User.objects.filter(username__startswith="demo-").order_by("pk")[:{ROTATION}])
for member in rotation:
    print("ROTATION", session_for(member))

# The pages issue 14 added, held to the same bar: {MEMBER}'s feed follows the rotation's
# members, and {MEMBER} keeps a public list of 50 titles.
from accounts.models import Follow, MemberList, MemberListEntry

member = User.objects.get(username="{MEMBER}")
Follow.objects.bulk_create(
    [Follow(follower=member, followee=other) for other in rotation], ignore_conflicts=True
)
shown, made = MemberList.objects.get_or_create(
    owner=member, slug="bench-tearjerkers",
    defaults={{"name": "Bench tearjerkers", "is_public": True, "is_ranked": True}},
)
if made:
    MemberListEntry.objects.bulk_create(
        [MemberListEntry(member_list=shown, title=title, position=number)
         for number, title in enumerate(titles[:50], start=1)]
    )
print("LIST", shown.get_absolute_url())
"""


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, text=True, **kwargs)


def manage(env, *args, **kwargs):
    return run([PYTHON, "manage.py", *args], env, **kwargs)


def ensure_database(database):
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{database}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], os.environ.copy())


def environment(database, redis_db):
    env = os.environ.copy()
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        REDIS_URL=f"redis://127.0.0.1:6379/{redis_db}",
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


def wrk(url, *, seconds, connections, threads=2, cookie=None, script=None, args=()):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    command += [url, *args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50": _ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "caches": {
            where: int(count) for where, count in re.findall(r"^cache (\S+) (\d+)$", output, re.M)
        },
        "shared": {
            where: int(count) for where, count in re.findall(r"^shared (\S+) (\d+)$", output, re.M)
        },
    }


class Server:
    """gunicorn in production mode, with the page caches on or off, and the pages' shared
    parts (sadlist.caching.shared_part) kept as shipped or not."""

    def __init__(self, env, workers, *, caches, shared=True):
        self.env = dict(env)
        if not caches:
            self.env.update(SADLIST_ANONYMOUS_PAGE_SECONDS="0", SADLIST_MEMBER_PAGE_SECONDS="0")
        if not shared:
            self.env.update(SADLIST_SHARED_PART_SECONDS="0")
        self.workers = workers

    def __enter__(self):
        # Empty Redis first: every run starts from the same, cold cache.
        url = self.env["REDIS_URL"]
        subprocess.run(
            ["redis-cli", "-n", url.rsplit("/", 1)[1], "flushdb"], capture_output=True, check=False
        )
        self.process = subprocess.Popen(
            [GUNICORN, "sadlist.wsgi", "--bind", f"127.0.0.1:{PORT}",
             "--workers", str(self.workers), "--log-level", "warning"],
            cwd=ROOT, env=self.env,
        )  # fmt: skip
        wait_for(f"{BASE}/healthz")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def get(path, cookie=None):
    request = urllib.request.Request(BASE + path)
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), response.headers


def browser_cookie(session):
    """The cookies a browser sends: the session, and the CSRF cookie the first page set."""
    cookie = f"sessionid={session}"
    _body, headers = get("/healthz", cookie)
    _body, headers = get("/watchlist/", cookie)
    csrf = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "") or "")
    return cookie + (f"; csrftoken={csrf.group(1)}" if csrf else "")


def measure(path, cookie, options, *, alone=False):
    for _ in range(2):  # warm-up, as a browser's first visit
        get(path, cookie)
    result = wrk(BASE + path, seconds=options.seconds, connections=options.connections,
                 cookie=cookie)  # fmt: skip
    if alone:
        single = wrk(BASE + path, seconds=max(3, options.seconds // 2), connections=1,
                     threads=1, cookie=cookie)  # fmt: skip
        result["alone_p50"] = single["p50"]
    return result


# Seconds of each rotation's warm-up pass: some 1,500 requests at 16 connections, enough to
# have asked for each of its 200 titles and sessions.
ROTATION_WARM_UP = 3


def rotate(mode, rotation_files, floor, options, results):
    """Each rotation (bench/rotate.lua: sessions and title pages in turn) against ``floor``.

    Each is measured after a warm-up pass of the same rotation (ROTATION_WARM_UP seconds,
    not counted), as the page measures are after their two warm-up requests: the server
    starts with Redis emptied, and the first request for each of the 200 titles and
    sessions would otherwise count a cold start, not the browsing the rotation stands for.
    """
    for label, files in rotation_files.items():
        wrk(BASE + "/", seconds=ROTATION_WARM_UP, connections=options.connections,
            script=LUA, args=files)  # fmt: skip
        result = wrk(BASE + "/", seconds=options.seconds, connections=options.connections,
                     script=LUA, args=files)  # fmt: skip
        result["ratio"] = result["rps"] / floor["rps"]
        results[(mode, label)] = result
        print(f"{'rotation':9} {label:40} {result['rps']:7.1f} req/s  {result['ratio']:.3f}×  "
              f"caches {result['caches']}", flush=True)  # fmt: skip


def one_run(env, options, pages, cookies, rotation_files):
    """One run of every measure; returns {(mode, label): result} with each ratio."""
    results = {}
    with Server(env, options.workers, caches=False):
        floor = measure("/healthz", None, options)
        results[("fresh", "/healthz")] = {**floor, "ratio": 1.0}
        for label, path, who in pages:
            cookie = cookies.get(who)
            result = measure(path, cookie, options, alone=True)
            result["ratio"] = result["rps"] / floor["rps"]
            result["bytes"] = len(get(path, cookie)[0])
            results[("fresh", label)] = result
            print(f"fresh     {label:40} {result['rps']:7.1f} req/s  {result['ratio']:.3f}×  "
                  f"p99 {result['p99']:6.1f}  alone p50 {result['alone_p50']:5.1f} ms  "
                  f"{result['bytes']:,} B", flush=True)  # fmt: skip
        rotate("rotation, page caches off", rotation_files, floor, options, results)
    # What the shared parts pay: the same rotations with nothing kept at all.
    with Server(env, options.workers, caches=False, shared=False):
        floor = measure("/healthz", None, options)
        results[("nothing kept", "/healthz")] = {**floor, "ratio": 1.0}
        rotate("rotation, caches off", rotation_files, floor, options, results)
    with Server(env, options.workers, caches=True):
        floor = measure("/healthz", None, options)
        results[("cached", "/healthz")] = {**floor, "ratio": 1.0}
        rotate("rotation", rotation_files, floor, options, results)
        for label, path, who in pages:
            result = measure(path, cookies.get(who), options)
            result["ratio"] = result["rps"] / floor["rps"]
            results[("repeated hit", label)] = result
            print(f"repeat    {label:40} {result['rps']:7.1f} req/s  {result['ratio']:.3f}×",
                  flush=True)  # fmt: skip
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="A quick run on a small data set.")
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per measure.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--runs", type=int, default=2, help="Runs; each number is min, median.")
    parser.add_argument("--database", default=DATABASE, help="PostgreSQL database to use.")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB, help="Redis database number.")
    parser.add_argument("--profile", action="store_true", help="Also run bench/profile_pages.py.")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    size = SMALL if options.small else FULL
    env = environment(options.database, options.redis_db)
    ensure_database(options.database)
    print("Migrating and seeding (reused when it is already there)...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_article", "-v0")
    started = time.monotonic()
    manage(
        env, "seed_demo", "--keep", "--replace", "--seed", "1",
        "--titles", str(size["titles"]), "--users", str(size["users"]),
        "--entries", str(size["entries"]),
    )  # fmt: skip
    # Ranks and counts right before measuring (the seed writes statistics in bulk).
    manage(env, "recompute_stats", capture_output=True)
    # The forecast as a site runs it (hourly): title pages show their similar heartbreaks
    # and a member's forecast, /forecast/ its list.
    manage(env, "build_forecasts", capture_output=True)
    # What autovacuum does on a running site within minutes of a bulk write: the visibility
    # map lets PostgreSQL answer from an index alone (the forecast's pairs, title counts).
    run(["vacuumdb", "-h", "127.0.0.1", "-U", "postgres", "--analyze", "--quiet",
         options.database], os.environ.copy())  # fmt: skip
    seed_seconds = time.monotonic() - started
    members = manage(env, "shell", "-c", MEMBER_SCRIPT, capture_output=True).stdout
    sessions = dict(re.findall(r"^SESSION (\S+) (\S+)$", members, re.M))
    rotation_sessions = re.findall(r"^ROTATION (\S+)$", members, re.M)
    member_list = re.search(r"^LIST (\S+)$", members, re.M).group(1)
    manage(env, "collectstatic", "--noinput", "-v0")
    slugs = (
        manage(
            env, "shell", "-c",
            "from catalog import selectors\n"
            "titles, *_ = selectors.tearful_ranking()\n"
            f"for title in titles[:{ROTATION}]: print('SLUG', title.slug)",
            capture_output=True,
        ).stdout
    )  # fmt: skip
    slugs = re.findall(r"^SLUG (\S+)$", slugs, re.M)
    popular = slugs[0]
    if options.profile:
        profile_env = {**env, "DJANGO_ALLOWED_HOSTS": env["DJANGO_ALLOWED_HOSTS"] + ",testserver"}
        run([PYTHON, "bench/profile_pages.py"], profile_env)

    pages = [
        ("`/` anonymous", "/", None),
        ("`/titles/` anonymous", "/titles/", None),
        ("`/rankings/` anonymous", "/rankings/", None),
        ("a title page, anonymous", f"/titles/{popular}/", None),
        ("`/titles/?q=movie`", "/titles/?q=movie", None),
        ("`/watchlist/` (100 entries, 50 shown)", "/watchlist/", MEMBER),
        ("`/watchlist/` (1,000 entries)", "/watchlist/", HEAVY_MEMBER),
        ("`/u/<name>/` (1,000 entries)", f"/u/{HEAVY_MEMBER}/", HEAVY_MEMBER),
        ("a title page, signed in", f"/titles/{popular}/", MEMBER),
        ("`/` signed in", "/", MEMBER),
        ("`/feed/` (200 followed)", "/feed/", MEMBER),
        ("`/forecast/`", "/forecast/", MEMBER),
        ("a member's list (50 titles)", member_list, None),
    ]
    with Server(env, options.workers, caches=False):
        cookies = {name: browser_cookie(session) for name, session in sessions.items()}
        rotated = [browser_cookie(session) for session in rotation_sessions]
    work = Path(tempfile.mkdtemp(prefix="sadlist-bench-"))
    (work / "cookies").write_text("\n".join(rotated) + "\n")
    (work / "none").write_text("\n")
    (work / "paths").write_text("\n".join(f"/titles/{slug}/" for slug in slugs) + "\n")
    rotation_files = {
        f"{len(rotated)} members × {len(slugs)} title pages": [
            str(work / "cookies"),
            str(work / "paths"),
        ],
        f"anonymous visitors × {len(slugs)} title pages": [str(work / "none"), str(work / "paths")],
    }
    runs = []
    for number in range(options.runs):
        print(f"Run {number + 1} of {options.runs}", flush=True)
        runs.append(one_run(env, options, pages, cookies, rotation_files))
    write_report(options, size, seed_seconds, pages, runs)


def _stat(runs, key, field):
    values = [run[key][field] for run in runs if key in run]
    return min(values), statistics.median(values)


def _pair(runs, key, field, digits=0):
    low, middle = _stat(runs, key, field)
    return f"{low:,.{digits}f} / {middle:,.{digits}f}"


def write_report(options, size, seed_seconds, pages, runs):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0
    lines = [
        MARK_BEGIN,
        "## Fresh renders, rotation and repeated hits (issue 16; `bench/load.py`)",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit "
        f"{commit or 'unknown'}; load average {load:.1f} when the report was written",
        f"- Machine: {machine()}; wrk, gunicorn, PostgreSQL and Redis share it",
        f"- Data: {size['titles']:,} titles, {size['users']:,} members, {size['entries']:,} "
        f"entries on PostgreSQL (seeding or reusing took {seed_seconds:.0f} s); Redis cache",
        f"- Server: gunicorn, {options.workers} sync workers, DJANGO_DEBUG=0",
        f"- Load: wrk, 2 threads, {options.connections} connections, {options.seconds} s per "
        "measure, after two warm-up requests (a rotation: after a "
        f"{ROTATION_WARM_UP} s pass of it, not counted); signed in, wrk sends the session and "
        "CSRF cookies a browser would. “Alone”: 1 connection.",
        f"- {options.runs} runs; each cell is **min / median** over the runs. Every ratio is "
        "against `/healthz` measured in the same server run.",
        "",
        "### Fresh (page caches off)",
        "",
        "| page | req/s | × /healthz | p99 ms | alone p50 ms | bytes | met |",
        "|---|---:|---:|---:|---:|---:|---|",
        f"| `/healthz` | {_pair(runs, ('fresh', '/healthz'), 'rps')} | 1.00 | "
        f"{_pair(runs, ('fresh', '/healthz'), 'p99', 1)} | — | 3 | floor |",
    ]
    for label, _path, _who in pages:
        key = ("fresh", label)
        ratio_low, _ = _stat(runs, key, "ratio")
        p99_low, p99_mid = _stat(runs, key, "p99")
        alone_low, alone_mid = _stat(runs, key, "alone_p50")
        met = (
            "yes"
            if ratio_low >= FRESH_TARGET and p99_mid < P99_TARGET_MS and alone_mid < ALONE_TARGET_MS
            else "**no**"
        )
        lines.append(
            f"| {label} | {_pair(runs, key, 'rps')} | {_pair(runs, key, 'ratio', 3)} | "
            f"{_pair(runs, key, 'p99', 1)} | {_pair(runs, key, 'alone_p50', 1)} | "
            f"{int(_stat(runs, key, 'bytes')[1]):,} | {met} |"
        )
    lines += [
        "",
        f"Targets: ≥ {FRESH_TARGET} × /healthz (min of the runs), p99 < {P99_TARGET_MS} ms and "
        f"alone p50 < {ALONE_TARGET_MS} ms (medians). Fresh: no page is kept; the "
        "pages' shared parts (a title page's, home's, Most tearful's, the catalog's: "
        "sadlist.caching.shared_part) are, as shipped.",
        "",
        "### Rotation (caches as shipped, then page caches off, then nothing kept)",
        "",
        "| rotation | caches | req/s | × /healthz | p99 ms | hits: where each response came from "
        "(median run) | met (≥ 0.15) |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    modes = (
        ("rotation", "on"),
        ("rotation, page caches off", "page caches off, shared parts on"),
        ("rotation, caches off", "off"),
    )
    for mode, caches in modes:
        for label in sorted({key[1] for run in runs for key in run if key[0] == mode}):
            key = (mode, label)
            median_run = runs[len(runs) // 2]
            counts = median_run[key]["caches"] if key in median_run else {}
            total = sum(counts.values()) or 1
            hits = ", ".join(
                f"{where} {count / total:.0%}" for where, count in sorted(counts.items())
            )
            parts = median_run[key].get("shared", {}) if key in median_run else {}
            if sum(parts.values()):
                hits += "; shared parts of the pages rendered: " + ", ".join(
                    f"{where} {count / sum(parts.values()):.0%}"
                    for where, count in sorted(parts.items())
                )
            ratio_low, _ = _stat(runs, key, "ratio")
            met = "yes" if ratio_low >= ROTATION_TARGET else "**no**"
            lines.append(
                f"| {label} | {caches} | {_pair(runs, key, 'rps')} | "
                f"{_pair(runs, key, 'ratio', 3)} | {_pair(runs, key, 'p99', 1)} | {hits} | {met} |"
            )
    lines += [
        "",
        "### Repeated hit (one visitor reloading one page, caches on; not what members do)",
        "",
        "| page | req/s | × /healthz | p99 ms |",
        "|---|---:|---:|---:|",
    ]
    for label, _path, _who in pages:
        key = ("repeated hit", label)
        lines.append(
            f"| {label} | {_pair(runs, key, 'rps')} | {_pair(runs, key, 'ratio', 3)} | "
            f"{_pair(runs, key, 'p99', 1)} |"
        )
    lines.append(MARK_END)
    section = "\n".join(lines) + "\n"
    options.output.parent.mkdir(parents=True, exist_ok=True)
    existing = options.output.read_text() if options.output.exists() else "# Benchmarks\n\n"
    if MARK_BEGIN in existing:
        before, rest = existing.split(MARK_BEGIN, 1)
        after = rest.split(MARK_END, 1)[1].lstrip("\n")
        existing = before + section + "\n" + after
    else:
        title, _, rest = existing.partition("\n\n")
        existing = f"{title}\n\n{section}\n{rest}"
    options.output.write_text(existing)
    print(f"Wrote {options.output}.")


MARK_BEGIN = "<!-- load benchmark: begin -->"
MARK_END = "<!-- load benchmark: end -->"


if __name__ == "__main__":
    sys.exit(main())
