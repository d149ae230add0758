"""Production mode refuses to start on development defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL_KEY = "k" * 20 + "-a-long-random-production-secret-value-1234567890"


def start(**env):
    """Load the settings in a fresh interpreter, as a server would."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="sadlist.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_variables_means_local_development():
    result = start()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


@pytest.mark.parametrize(
    "env, complaint",
    [
        ({}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": REAL_KEY}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_mode_refuses_missing_secrets(env, complaint):
    result = start(DJANGO_DEBUG="0", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_production_mode_starts_with_real_values():
    result = start(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=REAL_KEY, DJANGO_ALLOWED_HOSTS="sadlist.example"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_database_url_selects_postgresql():
    result = start(DATABASE_URL="postgres://postgres@127.0.0.1:5432/sadlist")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "django.db.backends.postgresql"


OPTIONS_PROBE = (
    "from django.conf import settings; options = settings.DATABASES['default'].get('OPTIONS', {});"
    " print(options.get('server_side_binding'), options.get('prepare_threshold'))"
)


def test_postgresql_plans_a_repeated_statement_once_per_connection():
    result = probe(OPTIONS_PROBE, DATABASE_URL="postgres://postgres@127.0.0.1:5432/sadlist")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "5"]


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler():
    result = probe(
        OPTIONS_PROBE,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/sadlist",
        DJANGO_DB_PREPARED_STATEMENTS="0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "None"]


def probe(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SADLIST_")) and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="sadlist.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


MEDIA_PROBE = (
    "from django.core.files.storage import storages; s = storages['default'];"
    " from django.conf import settings;"
    " print(type(s).__module__ + '.' + type(s).__name__);"
    " print(s.url('covers/a.jpg'));"
    " print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
)


def test_media_is_local_files_by_default():
    result = probe(MEDIA_PROBE)
    assert result.returncode == 0, result.stderr
    backend, url, img_src = result.stdout.splitlines()
    assert backend == "django.core.files.storage.filesystem.FileSystemStorage"
    assert url == "/media/covers/a.jpg"
    assert img_src == "'self' data:"


def test_a_bucket_moves_media_to_s3_through_django_storages():
    """Several app servers share one bucket; browsers load covers from it, so CSP allows it."""
    result = probe(
        MEDIA_PROBE,
        SADLIST_MEDIA_BUCKET="sadlist-media",
        SADLIST_MEDIA_DOMAIN="media.sadlist.example",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
    )
    assert result.returncode == 0, result.stderr
    backend, url, img_src = result.stdout.splitlines()
    assert backend == "storages.backends.s3.S3Storage"
    assert url == "https://media.sadlist.example/media/covers/a.jpg"
    assert img_src == "'self' data: https://media.sadlist.example"
