"""Redis outage benchmark: sadlist keeps serving while its Redis is killed, then paused.

    .venv/bin/python bench/redis_outage.py            # 4 phases of 10 s
    .venv/bin/python bench/redis_outage.py --phase 5  # shorter phases

It starts a Redis server of its own on a free port (never the machine's shared one),
creates (or reuses) the PostgreSQL database ``sadlist_outage`` with a small demo
community, starts gunicorn in production mode with that Redis as the cache, and drives
it from 16 client threads: visitors' pages, a signed-in member's pages and ratings
posted by that member. The run has four phases: Redis up; Redis killed (SIGKILL);
Redis restarted, empty; Redis paused (SIGSTOP, a hang rather than a refusal), then
resumed. Each phase's requests, 5xx answers and p50/p99 are printed and written to
docs/benchmarks.md. Every rating answered as saved is then checked against the
database, and the title statistics are recounted (recompute_stats --dry-run): saved or
refused, never half. Not part of the test suite; loopback traffic only, bounded in time.
"""

import argparse
import datetime
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import ROOT, machine, manage, run, wait_for  # noqa: E402

GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DATABASE = "sadlist_outage"
PORT = 8101
MEMBER = "outage-member"
PASSWORD = "outage benchmark passphrase 9"
THREADS = 16
WRITERS = 4  # of the threads, how many post ratings
PHASES = ["Redis up", "Redis killed", "Redis restarted (empty)", "Redis paused (SIGSTOP)"]

MEMBER_SCRIPT = f"""
from django.contrib.auth import get_user_model
from catalog.models import Title
User = get_user_model()
member, _ = User.objects.get_or_create(
    username="{MEMBER}", defaults={{"email": "outage@example.invalid"}}
)
member.set_password("{PASSWORD}")
member.save()
demo = Title.objects.filter(slug__startswith="demo-").order_by("pk")
for slug in demo.values_list("slug", flat=True)[:80]:
    print("TITLE", slug)
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port):
    return subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for_redis(port, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"Redis on port {port} did not start.")


def ensure_database(env):
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], env)


class Browser:
    """One client's cookies over a kept-alive HTTP connection."""

    def __init__(self):
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{PORT}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            return 0, b""
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def sign_in(self):
        self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
                "username": MEMBER,
                "password": PASSWORD,
            },
        )
        if status != 302:
            raise SystemExit(f"The bench member could not sign in ({status}).")


def drive(seconds, titles, phase_of, results, lock, stop):
    """Run the client threads until ``stop`` is set; record (phase, kind, status, ms)."""

    def visitor(n):
        browser = Browser()
        pages = ["/", "/titles/", f"/titles/{titles[n % len(titles)]}/", "/rankings/",
                 f"/u/{MEMBER}/", "/reviews/"]  # fmt: skip
        i = 0
        while not stop.is_set():
            path = pages[i % len(pages)]
            i += 1
            started = time.monotonic()
            status, _ = browser.request("GET", path)
            with lock:
                results.append((phase_of(), "visitor page", status, _elapsed(started)))

    def member(n, writer):
        browser = Browser()
        browser.sign_in()
        mine = titles[n * 8 : n * 8 + 8]
        i = 0
        while not stop.is_set():
            i += 1
            slug = mine[i % len(mine)]
            started = time.monotonic()
            if writer:
                rating = i % 6
                status, _ = browser.request(
                    "POST",
                    f"/titles/{slug}/entry/",
                    {
                        "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
                        "status": "completed",
                        "cry_rating": str(rating),
                    },
                )
                with lock:
                    results.append((phase_of(), "rating posted", status, _elapsed(started)))
                    if status == 302:
                        results.saved[slug] = rating
            else:
                path = "/watchlist/" if i % 2 else f"/titles/{slug}/"
                status, _ = browser.request("GET", path)
                with lock:
                    results.append((phase_of(), "member page", status, _elapsed(started)))

    threads = [threading.Thread(target=member, args=(n, True)) for n in range(WRITERS)]
    threads += [threading.Thread(target=member, args=(n, False)) for n in range(WRITERS, 8)]
    threads += [threading.Thread(target=visitor, args=(n,)) for n in range(THREADS - 8)]
    for thread in threads:
        thread.start()
    return threads


def _elapsed(started):
    return (time.monotonic() - started) * 1000


class Results(list):
    saved = None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", type=float, default=10, help="Seconds per phase.")
    options = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server not found: apt-get install redis-server")
    redis_port = free_port()
    redis = start_redis(redis_port)
    wait_for_redis(redis_port)
    env = os.environ.copy()
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
    )
    ensure_database(env)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--titles", "300", "--users", "300", "--entries", "6000",
           "--keep", "--replace", "-v0")  # fmt: skip
    output = manage(env, "shell", "-c", MEMBER_SCRIPT, capture_output=True).stdout
    titles = re.findall(r"TITLE (\S+)", output)
    manage(env, "collectstatic", "--noinput", "-v0")
    server = subprocess.Popen(
        [GUNICORN, "sadlist.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2",
         "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    results = Results()
    results.saved = {}
    lock = threading.Lock()
    stop = threading.Event()
    current = {"phase": -1}
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        current["phase"] = -1  # warming up: not counted
        threads = drive(options.phase, titles, lambda: current["phase"], results, lock, stop)
        time.sleep(3)
        current["phase"] = 0
        time.sleep(options.phase)
        current["phase"] = 1
        redis.send_signal(signal.SIGKILL)
        redis.wait()
        time.sleep(options.phase)
        current["phase"] = 2
        redis = start_redis(redis_port)
        wait_for_redis(redis_port)
        time.sleep(options.phase)
        current["phase"] = 3
        redis.send_signal(signal.SIGSTOP)
        time.sleep(options.phase)
        redis.send_signal(signal.SIGCONT)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
        redis.kill()
        redis.wait()
    check = verify(env, results.saved)
    rows = summarise(results)
    for row in rows:
        print(" | ".join(str(cell) for cell in row))
    print(check)
    write_report(options, rows, check)


def verify(env, saved):
    """Every rating answered as saved is in the database; the statistics have no drift."""
    script = (
        "from watchlist.models import Entry;"
        f"print('ROW', *Entry.objects.filter(user__username='{MEMBER}')"
        ".values_list('title__slug', 'cry_rating'))"
    )
    output = manage(env, "shell", "-c", script, capture_output=True).stdout
    stored = dict(re.findall(r"\('([^']+)', (\d+)\)", output))
    lost = [slug for slug, rating in saved.items() if stored.get(slug) != str(rating)]
    drift = manage(env, "recompute_stats", "--dry-run", capture_output=True).stdout.strip()
    return (
        f"{len(saved)} titles' last saved ratings checked against the database: "
        f"{len(lost)} differ. recompute_stats --dry-run: {drift.splitlines()[-1]}"
    )


def summarise(results):
    rows = []
    for index, phase in enumerate(PHASES):
        for kind in ["visitor page", "member page", "rating posted"]:
            times = [ms for p, k, _s, ms in results if p == index and k == kind]
            statuses = [s for p, k, s, _ms in results if p == index and k == kind]
            if not times:
                continue
            server_errors = sum(1 for s in statuses if s >= 500 or s == 0)
            quantiles = statistics.quantiles(times, n=100)
            rows.append(
                (phase, kind, len(times), server_errors, f"{quantiles[49]:.0f}",
                 f"{quantiles[98]:.0f}")
            )  # fmt: skip
    return rows


def write_report(options, rows, check):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "## Redis outage",
        "",
        "Made by `bench/redis_outage.py`: gunicorn (2 sync workers, DJANGO_DEBUG=0), "
        "PostgreSQL and a Redis of the script's own, 16 client threads on the same machine "
        f"(8 visitors, 4 members reading, 4 members posting ratings), {options.phase:g} s "
        "per phase.",
        "",
        f"- Date: {datetime.date.today().isoformat()}, commit {commit}",
        f"- Machine: {machine()}",
        "",
        "| phase | request | count | 5xx or dropped | p50 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|",
        *(f"| {' | '.join(str(cell) for cell in row)} |" for row in rows),
        "",
        f"- Writes: {check}",
        "",
    ]
    report = ROOT / "docs" / "benchmarks.md"
    text = report.read_text() if report.exists() else "# Benchmarks\n"
    text = re.sub(r"\n## Redis outage\n.*?(?=\n## |\Z)", "\n", text, flags=re.S).rstrip()
    report.write_text(text + "\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
