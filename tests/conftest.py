import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from PIL import Image

from tests.factories import TitleFactory, UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def cold_cache(settings):
    """Every test starts with an empty cache and renders pages afresh.

    Whole-page caching for visitors has its own tests (tests/sadlist/test_caching.py),
    which turn it back on, as do the pages' shared parts (tests/sadlist/test_shared_part.py);
    elsewhere a page must show what the test just wrote.
    """
    for backend in caches.all():
        backend.clear()
    settings.SADLIST_ANONYMOUS_PAGE_SECONDS = 0
    settings.SADLIST_MEMBER_PAGE_SECONDS = 0
    # The same for the pages' shared parts: its tests (tests/sadlist/test_shared_part.py)
    # run the commit callbacks that replace its versions, which a test's transaction holds.
    settings.SADLIST_SHARED_PART_SECONDS = 0
    yield
    for backend in caches.all():
        backend.clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Real hashing is slow on purpose; tests check behaviour, not the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner(db):
    return UserFactory(username="alice")


@pytest.fixture
def other_user(db):
    return UserFactory(username="bob")


@pytest.fixture
def curator(db):
    return UserFactory(username="charlie", is_staff=True, is_superuser=True)


@pytest.fixture
def signed_in(client, owner):
    """The test client, signed in as the owner."""
    client.force_login(owner)
    return client


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def title(db):
    return TitleFactory(title_en="Grave of the Fireflies", slug="grave-of-the-fireflies")


@pytest.fixture
def article(db):
    """The article's titles, tags and list, loaded from fixtures/article.json."""
    call_command("loaddata", "article", verbosity=0)


def png_bytes(size=(40, 60), color=(30, 60, 120)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def shared_on(settings):
    """The pages' shared parts kept in the cache, as shipped (the suite turns them off)."""
    settings.SADLIST_SHARED_PART_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a write does once it commits (a test's transaction never does): here, the
    versions replaced by each rating, review or catalog edit."""

    def write(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return write
