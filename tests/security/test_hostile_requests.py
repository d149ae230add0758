"""Requests no browser of ours sends: a plain 4xx, never a 500, and no trust in forged headers."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_host_outside_allowed_hosts_gets_a_plain_400(client):
    client.raise_request_exception = False
    for path in ["/", reverse("catalog:title_list"), "/no-such-page/"]:
        response = client.get(path, HTTP_HOST="evil.example")
        assert response.status_code == 400, path
        assert "Bad request" in response.content.decode()
        assert "evil.example" not in response.content.decode()


@pytest.mark.parametrize("charset", ["utf-16", "latin-1"])
def test_a_form_in_another_charset_gets_a_400(charset, owner):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(reverse("login"))  # the CSRF cookie, as a browser would have it
    token = client.cookies["csrftoken"].value
    # The test client encodes a text body in the charset the content type declares.
    body = f"csrfmiddlewaretoken={token}&username=alice&password=caf\u00e9"
    response = client.post(
        reverse("login"),
        data=body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400


def test_a_forged_x_forwarded_proto_is_not_believed(client):
    page = client.get(reverse("home"), HTTP_X_FORWARDED_PROTO="https").content.decode()
    assert '<meta property="og:url" content="http://testserver/">' in page


def test_hsts_is_sent_over_real_https_only(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    forged = client.get(reverse("healthz"), HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in forged
    assert "Strict-Transport-Security" in client.get(reverse("healthz"), secure=True)


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "sadlist.example",
}


def test_x_forwarded_proto_is_trusted_only_behind_a_configured_proxy():
    import json
    import subprocess
    import sys

    from tests.sadlist.test_settings import ROOT

    def header(**env):
        import os

        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "SADLIST_")) and key not in {"DATABASE_URL"}
        }
        environment.update(PRODUCTION, **env, DJANGO_SETTINGS_MODULE="sadlist.settings")
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import json, django; django.setup(); from django.conf import settings;"
                " print(json.dumps(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)))",
            ],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert header() is None
    assert header(SADLIST_TRUSTED_PROXIES="1") == ["HTTP_X_FORWARDED_PROTO", "https"]
