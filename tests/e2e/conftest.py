"""Browser checks: Playwright for Python driving Debian's Chromium against ``live_server``.

Nothing here downloads a browser (``playwright install`` fails on these machines): the
tests launch /usr/bin/chromium (``apt-get install chromium``) and skip, saying why, where it
is missing. axe-core and the Nu HTML Checker come from ``npm ci``. With
SADLIST_E2E_REQUIRED=1 (set by .ci/run) a missing tool fails the run instead, so CI
can't pass by skipping.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.pages import fill_site, session_cookie

# Playwright's sync API runs an asyncio loop in the test's thread; without this Django
# takes the ORM calls that set up and check data for calls from async code and refuses.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The machine has no network but the package registries: without these flags Chromium
# hangs trying to reach Google's services. headless=True adds --headless.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def missing(reason):
    """Skip (locally) or fail (in CI) a check whose tool isn't installed."""
    if os.environ.get("SADLIST_E2E_REQUIRED") == "1":
        pytest.fail(f"{reason} (SADLIST_E2E_REQUIRED=1)", pytrace=False)
    pytest.skip(reason)


def need_chromium():
    if not CHROMIUM.exists():
        missing(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium to run the browser tests"
        )


def need_node_tool(path):
    if not path.exists():
        missing(f"{path.relative_to(ROOT)} not found: run `npm ci` to install the pinned checkers")


def need_java():
    if shutil.which("java") is None:
        missing(
            "java not found: the Nu HTML Checker needs a Java runtime "
            "(apt-get install default-jre-headless)"
        )


@pytest.fixture(scope="session")
def browser():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Makes browser contexts on the live server; ``user=`` signs one in.

    Each context records the Content-Security-Policy violations its pages report, and the
    test fails if any happened: the site's own scripts must run under its policy.
    """
    contexts, csp_violations = [], []

    def record_csp_violation(message):
        text = message.text
        # A report-only policy's messages say "[Report Only]": they block nothing.
        blocked = "Content Security Policy" in text and "Report Only" not in text
        if message.type == "error" and blocked:
            csp_violations.append(f"{message.location.get('url')}: {text}")

    def make(*, user=None, viewport=DESKTOP, **options):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, **options)
        context.set_default_timeout(5_000)
        context.on("console", record_csp_violation)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


@pytest.fixture
def site(db):
    """The article's titles and two members with watchlists and reviews (in a transactional
    database when the test also uses the live server: pytest-django sees to that)."""
    return fill_site()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
