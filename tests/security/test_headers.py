"""Security headers on every page, and a production configuration that Django finds clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.security.helpers import client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REAL_KEY = "k" * 20 + "-a-long-random-production-secret-value-1234567890"
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response):
    """The Content-Security-Policy header as {directive: sources}."""
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return dict(parts)


def assert_protective_headers(response):
    assert policy(response) == POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/titles/",
        "/titles/grave-of-the-fireflies/",
        "/rankings/",
        "/accounts/login/",
        "/no-such-page/",
    ],
)
def test_pages_send_the_policy_and_framing_and_referrer_headers(client, title, url):
    assert_protective_headers(client.get(url))


def test_signed_in_pages_and_the_admin_send_them_too(curator_client, title):
    for url in [
        reverse("watchlist:entry_list"),
        reverse("accounts:settings"),
        reverse("admin:index"),
        reverse("admin:catalog_title_add"),
        reverse("admin:catalog_title_change", args=[title.pk]),
    ]:
        assert_protective_headers(curator_client.get(url))


def test_the_policy_has_no_nonce_so_cached_pages_stay_valid(client):
    first, second = client.get("/"), client.get("/")
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "nonce" not in first["Content-Security-Policy"]
    assert "unsafe" not in first["Content-Security-Policy"]


def test_the_site_templates_have_no_inline_script_or_style():
    """What the policy forbids must not be written: no <script> without src, no style=."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for line_number, line in enumerate(text.splitlines(), start=1):
            if " style=" in line or "<style" in line or ("<script" in line and "src=" not in line):
                offenders.append(f"{path.relative_to(ROOT)}:{line_number}")
    assert offenders == []


def test_development_mode_sends_the_same_policy():
    """DEBUG on (no variables), as `make run` has it: violations show while developing."""
    result = run_python(
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/accounts/login/');"
        "print(r.status_code, r['X-Frame-Options'], r['Referrer-Policy']);"
        "print(r['Content-Security-Policy'])",
        DJANGO_DEBUG="1",
        DATABASE_URL="sqlite://:memory:",
    )
    assert result.returncode == 0, result.stderr
    status_line, csp = result.stdout.splitlines()[-2:]
    assert status_line == "200 DENY same-origin"
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


def run_python(code=None, *args, **env):
    """Run the project's Python in a fresh interpreter with only ``env`` set, as a server would."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SADLIST_")) and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="sadlist.settings")
    command = [sys.executable, "-c", code] if code else [sys.executable, *args]
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_finds_nothing_in_production_mode():
    result = run_python(
        None,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=REAL_KEY,
        DJANGO_ALLOWED_HOSTS="sadlist.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_mode_adds_https_redirect_hsts_and_secure_cookies():
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=REAL_KEY,
        DJANGO_ALLOWED_HOSTS="sadlist.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 5


def test_development_mode_leaves_https_to_production(settings):
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SECURE_HSTS_SECONDS == 0
    assert settings.SESSION_COOKIE_SECURE is False


def test_a_production_response_over_http_is_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client_for().get("/rankings/", HTTP_HOST="testserver")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/rankings/"
