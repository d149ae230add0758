"""manage.py fetch_covers against a real HTTPS server on this machine.

The server (tests.catalog.picture_server) speaks TLS with a certificate from a test
authority made by trustme, which the fetcher is told to trust through the
SADLIST_COVER_FETCH_CA_BUNDLE setting, exactly as a deployment would point it at a
corporate bundle. Nothing here leaves the machine.
"""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from catalog.models import Title
from sadlist.fetching import Fetcher, FetchError
from tests.accounts.helpers import PAYLOAD
from tests.catalog.picture_server import Route
from tests.conftest import png_bytes
from tests.factories import TitleFactory


def jpeg_bytes(size=(60, 90)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 20, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def fetch_covers(*args):
    out, err = StringIO(), StringIO()
    call_command("fetch_covers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def titled(db, picture_server):
    """Titles pointing at the server: the most popular first."""

    def make(*paths):
        return [
            TitleFactory(picture_url=picture_server.url(path), popularity=1000 - number)
            for number, path in enumerate(paths)
        ]

    return make


def test_fetches_checks_and_stores_a_cover(picture_server, titled, media_root):
    picture_server.routes["/a.jpg"] = Route(body=jpeg_bytes(), content_type="image/jpeg")
    (title,) = titled("/a.jpg")

    out, _ = fetch_covers()

    title.refresh_from_db()
    assert title.cover.name == f"covers/{title.slug}.jpg"
    with Image.open(title.cover.path) as image:
        assert image.format == "JPEG" and image.size == (60, 90)
    assert title.cover_fetched_at is not None and title.cover_fetch_error == ""
    assert "1 covers fetched, 0 failed" in out


def test_a_polyglot_is_stored_as_its_pixels_only(picture_server, titled):
    picture_server.routes["/p.png"] = Route(body=png_bytes() + PAYLOAD, content_type="image/png")
    (title,) = titled("/p.png")

    fetch_covers()

    title.refresh_from_db()
    stored = title.cover.read()
    assert stored.startswith(b"\x89PNG") and PAYLOAD not in stored and b"<script" not in stored


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(status=404), "answered 404"),
        (Route(body=b"<html>not here</html>", content_type="text/html"), "text/html, not an image"),
        (
            Route(body=b"GIF89a but not really", content_type="image/gif"),
            "isn't one, or it is damaged",
        ),
    ],
)
def test_a_permanent_failure_is_recorded_and_skipped_next_time(
    picture_server, titled, route, reason
):
    picture_server.routes["/x"] = route
    (title,) = titled("/x")

    out, _ = fetch_covers()

    title.refresh_from_db()
    assert not title.cover and reason in title.cover_fetch_error
    assert "0 covers fetched, 1 failed" in out and reason in out
    picture_server.requests.clear()
    fetch_covers()
    assert picture_server.requests == []  # not asked again
    fetch_covers("--retry-failed")
    assert picture_server.requests == ["/x"]


def test_a_server_error_is_tried_again_on_the_next_run(picture_server, titled):
    picture_server.routes["/busy.png"] = Route(status=503)
    (title,) = titled("/busy.png")

    out, _ = fetch_covers()
    title.refresh_from_db()
    assert not title.cover and title.cover_fetch_error == ""
    assert "1 to try again later" in out

    picture_server.routes["/busy.png"] = Route(body=png_bytes(), content_type="image/png")
    fetch_covers()
    title.refresh_from_db()
    assert title.cover.name.endswith(".png")


def test_a_429_stops_the_run_politely(picture_server, titled):
    picture_server.routes["/slow"] = Route(status=429)
    picture_server.routes["/b.png"] = Route(body=png_bytes(), content_type="image/png")
    titled("/slow", "/b.png")

    _, err = fetch_covers()

    assert "asked us to slow down" in err
    assert picture_server.requests == ["/slow"]  # the next title waits for the next run


def test_limit_and_resuming(picture_server, titled):
    for name in "abc":
        picture_server.routes[f"/{name}.png"] = Route(body=png_bytes(), content_type="image/png")
    first, second, third = titled("/a.png", "/b.png", "/c.png")

    out, _ = fetch_covers("--limit", "2")
    assert "2 covers fetched" in out and "1 titles still wait" in out
    assert picture_server.requests == ["/a.png", "/b.png"]  # the most popular first

    fetch_covers()
    assert picture_server.requests == ["/a.png", "/b.png", "/c.png"]  # nothing twice
    assert Title.objects.filter(cover="").count() == 0


def test_a_curators_cover_is_never_replaced(picture_server, titled, media_root):
    picture_server.routes["/a.png"] = Route(body=png_bytes(), content_type="image/png")
    (title,) = titled("/a.png")
    Title.objects.filter(pk=title.pk).update(cover="covers/curated.jpg")

    fetch_covers()

    assert picture_server.requests == []
    assert Title.objects.get(pk=title.pk).cover.name == "covers/curated.jpg"


def test_bad_limit_is_refused(db):
    with pytest.raises(CommandError, match="at least 1"):
        fetch_covers("--limit", "0")


# The fetcher's own rules, each refused before or while reading.


def test_only_https_on_allowed_hosts(picture_server):
    fetcher = Fetcher.from_settings()
    for url, reason in [
        (picture_server.url("/a.png").replace("https:", "http:"), "not an HTTPS address"),
        ("https://evil.example/a.png", "evil.example is not an allowed host"),
        (picture_server.url("/a.png").replace("localhost", "127.0.0.1"), "not an allowed host"),
        (picture_server.url("/a.png").replace("https://", "https://user:pw@"), "user name"),
        ("not a url at all", "is not a URL"),
    ]:
        with pytest.raises(FetchError, match=reason) as caught:
            fetcher.fetch(url)
        assert caught.value.permanent
    assert picture_server.requests == []  # no connection was made for any of them


def test_redirects_only_to_allowed_hosts(picture_server):
    picture_server.routes["/moved"] = Route(status=302, headers={"Location": "/a.png"})
    picture_server.routes["/a.png"] = Route(body=png_bytes(), content_type="image/png")
    picture_server.routes["/away"] = Route(
        status=302, headers={"Location": "https://169.254.169.254/latest/meta-data"}
    )
    picture_server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    fetcher = Fetcher.from_settings(delay=0)

    assert fetcher.fetch(picture_server.url("/moved")) == png_bytes()
    with pytest.raises(FetchError, match="169.254.169.254 is not an allowed host"):
        fetcher.fetch(picture_server.url("/away"))
    with pytest.raises(FetchError, match="redirected more than 3 times"):
        fetcher.fetch(picture_server.url("/loop"))


def test_too_large_is_refused_by_its_length_or_while_reading(picture_server, settings):
    settings.SADLIST_COVER_MAX_BYTES = 1000
    picture_server.routes["/big"] = Route(body=b"\x89PNG" + b"0" * 5000, content_type="image/png")
    picture_server.routes["/chunked"] = Route(
        body=b"\x89PNG" + b"0" * 200_000, content_type="image/png", chunked=True
    )
    fetcher = Fetcher.from_settings()

    with pytest.raises(FetchError, match=r"is 4.9\sKB; the limit is 1000"):
        fetcher.fetch(picture_server.url("/big"))
    with pytest.raises(FetchError, match=r"is more than .*; the limit is 1000"):
        fetcher.fetch(picture_server.url("/chunked"))


def test_a_trickling_server_is_cut_off_at_the_deadline(picture_server, settings):
    settings.SADLIST_COVER_FETCH_TOTAL_TIMEOUT = 0.5
    picture_server.routes["/drip"] = Route(
        body=b"\x89PNG" + b"0" * 8000, content_type="image/png", chunked=True, pause=0.2
    )

    with pytest.raises(FetchError, match="took longer than 0.5 s") as caught:
        Fetcher.from_settings().fetch(picture_server.url("/drip"))
    assert not caught.value.permanent


def test_an_untrusted_certificate_is_refused(picture_server, settings):
    settings.SADLIST_COVER_FETCH_CA_BUNDLE = ""  # the system's authorities don't know it
    picture_server.routes["/a.png"] = Route(body=png_bytes(), content_type="image/png")

    with pytest.raises(FetchError, match="certificate could not be verified"):
        Fetcher.from_settings().fetch(picture_server.url("/a.png"))


def test_it_waits_between_requests_to_one_host(picture_server):
    picture_server.routes["/a.png"] = Route(body=png_bytes(), content_type="image/png")
    now = [100.0]
    slept = []
    fetcher = Fetcher.from_settings(
        delay=2.0, clock=lambda: now[0], sleep=lambda seconds: slept.append(seconds)
    )

    fetcher.fetch(picture_server.url("/a.png"))
    now[0] += 0.5
    fetcher.fetch(picture_server.url("/a.png"))

    assert slept == [1.5]


def test_an_unreachable_host_is_tried_again_later(db, settings):
    """Nothing listens on the port: the title waits for the next run, nothing is recorded."""
    settings.SADLIST_COVER_FETCH_HOSTS = ["localhost:9"]
    title = TitleFactory(picture_url="https://localhost:9/a.png")

    out, _ = fetch_covers()

    title.refresh_from_db()
    assert "localhost could not be reached" in out and "1 to try again later" in out
    assert title.cover_fetch_error == "" and title.cover_fetched_at is not None
