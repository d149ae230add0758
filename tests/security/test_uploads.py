"""Covers (admin) and avatars (settings) take images only, and store only their pixels.

A hostile file gets a form error on a re-shown form (status 200) and nothing is saved,
neither a row nor a file. A polyglot (a real image with a script or PHP payload after
its data or in its metadata) is accepted only as a re-encoded image without the payload.
"""

import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from catalog.models import Title
from tests.accounts.helpers import PAYLOAD, image_bytes, png_claiming
from tests.security.helpers import client_for

pytestmark = pytest.mark.django_db

User = get_user_model()


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_with_text_chunk():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PAYLOAD.decode())
    return image_bytes(size=(40, 60), pnginfo=info)


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
NOT_IMAGES = {
    "text": ("notes.txt", b"just some words", "text/plain"),
    "text-named-png": ("cover.png", b"this is not an image", "image/png"),
    "script-named-png": ("cover.png", b"<script>alert(1)</script>", "image/png"),
    "html": ("cover.html", b"<html><script>alert(1)</script></html>", "text/html"),
    "svg-with-script": ("cover.svg", SVG, "image/svg+xml"),
    "php": ("cover.php", b"<?php system($_GET['c']); ?>", "application/x-php"),
    "empty": ("cover.png", b"", "image/png"),
    "truncated-png": ("cover.png", image_bytes(size=(300, 300))[:200], "image/png"),
}
POLYGLOTS = {
    "png-then-payload": ("cover.png", image_bytes(size=(40, 60)) + PAYLOAD),
    "gif-then-payload": ("cover.gif", image_bytes(size=(40, 60), image_format="GIF") + PAYLOAD),
    "jpeg-comment": ("cover.jpg", image_bytes(size=(40, 60), image_format="JPEG", comment=PAYLOAD)),
    "png-text-chunk": ("cover.png", png_with_text_chunk()),
}


class Cover:
    """A cover uploaded with a new title in the admin."""

    url = reverse("admin:catalog_title_add")

    def __init__(self, curator):
        self.client = client_for(curator)

    def post(self, file):
        data = {"title_en": "Plastic Memories", "slug": "plastic-memories", "format": "tv"}
        return self.client.post(self.url, {**data, "cover": file})

    def errors(self, response):
        return response.context["adminform"].form.errors.get("cover")

    def nothing_saved(self):
        return not Title.objects.exists()

    def stored(self):
        return Title.objects.get().cover

    def set_size_limit(self, settings, size):
        settings.SADLIST_COVER_MAX_BYTES = size


class Avatar:
    """An avatar uploaded on the settings page, with the other settings changed too."""

    url = reverse("accounts:settings")

    def __init__(self, user):
        self.user = user
        self.client = client_for(user)

    def post(self, file):
        data = {"display_name": "Changed", "bio": "", "watchlist_visibility": "private"}
        return self.client.post(self.url, {**data, "avatar": file})

    def errors(self, response):
        return response.context["form"].errors.get("avatar")

    def nothing_saved(self):
        user = User.objects.get(pk=self.user.pk)
        return not user.avatar and user.display_name == "" and user.watchlist_visibility == "public"

    def stored(self):
        return User.objects.get(pk=self.user.pk).avatar

    def set_size_limit(self, settings, size):
        settings.SADLIST_AVATAR_MAX_BYTES = size


@pytest.fixture(params=["cover", "avatar"])
def uploader(request, curator, owner):
    return Cover(curator) if request.param == "cover" else Avatar(owner)


def assert_refused(uploader, response, media_root):
    assert response.status_code == 200
    assert uploader.errors(response), "expected a form error on the upload field"
    assert uploader.nothing_saved()
    stored = [files for _root, _dirs, files in os.walk(media_root) if files]
    assert stored == []


@pytest.mark.parametrize("kind", sorted(NOT_IMAGES))
def test_files_that_are_not_images_are_refused(uploader, kind, media_root):
    name, content, content_type = NOT_IMAGES[kind]
    assert_refused(uploader, uploader.post(upload(name, content, content_type)), media_root)


def test_other_image_formats_are_refused(uploader, media_root):
    bmp = upload("cover.bmp", image_bytes(image_format="BMP"), "image/bmp")
    response = uploader.post(bmp)
    assert_refused(uploader, response, media_root)


def test_a_file_over_the_size_limit_is_refused(uploader, settings, media_root):
    uploader.set_size_limit(settings, 1000)
    big = upload("big.png", image_bytes(size=(300, 300)) + b"\0" * 2000)
    response = uploader.post(big)
    assert_refused(uploader, response, media_root)
    assert "the limit is 1000" in uploader.errors(response)[0]


@pytest.mark.parametrize(
    ("width", "height"),
    [(100_000, 100_000), (20_000, 20_000), (6_000, 6_000)],
    ids=["10-gigapixels", "400-megapixels", "36-megapixels"],
)
def test_decompression_bombs_are_refused_before_decoding(uploader, width, height, media_root):
    bomb = png_claiming(width, height)
    assert len(bomb) < 20_000  # a few kilobytes that would decode to gigabytes
    assert_refused(uploader, uploader.post(upload("bomb.png", bomb)), media_root)


def test_a_cover_with_more_pixels_than_the_setting_allows_is_refused(curator, settings, media_root):
    settings.SADLIST_COVER_MAX_PIXELS = 100 * 100
    cover = Cover(curator)
    response = cover.post(upload("wide.png", image_bytes(size=(200, 200))))
    assert_refused(cover, response, media_root)
    assert "200×200 pixels" in cover.errors(response)[0]


@pytest.mark.parametrize("kind", sorted(POLYGLOTS))
def test_a_polyglot_is_stored_only_as_clean_pixels(uploader, kind):
    name, content = POLYGLOTS[kind]
    assert PAYLOAD in content
    response = uploader.post(upload(name, content))
    assert response.status_code == 302
    stored = uploader.stored()
    with stored.open("rb") as file:
        data = file.read()
    assert PAYLOAD not in data
    assert b"<script>" not in data and b"<?php" not in data
    with Image.open(io.BytesIO(data)) as image:
        image.verify()


def test_a_cover_keeps_its_size_and_format_but_loses_its_metadata(curator):
    jpeg = image_bytes(size=(200, 300), image_format="JPEG", comment=b"taken at home")
    Cover(curator).post(upload("photo.jpg", jpeg, "image/jpeg"))
    cover = Title.objects.get().cover
    assert cover.name.startswith("covers/photo") and cover.name.endswith(".jpg")
    with Image.open(cover.path) as image:
        assert (image.format, image.size) == ("JPEG", (200, 300))
        assert "comment" not in image.info and "exif" not in image.info


def test_a_gif_cover_is_stored_as_png(curator):
    Cover(curator).post(upload("still.gif", image_bytes(image_format="GIF"), "image/gif"))
    cover = Title.objects.get().cover
    assert cover.name.endswith(".png")
    with Image.open(cover.path) as image:
        assert image.format == "PNG"


def test_a_transparent_cover_stays_transparent(curator):
    png = image_bytes(size=(20, 30), color=(0, 0, 0, 0), mode="RGBA")
    Cover(curator).post(upload("clear.png", png))
    with Image.open(Title.objects.get().cover.path) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0


def test_a_bad_cover_on_an_existing_title_keeps_the_old_one(curator, title):
    client = client_for(curator)
    url = reverse("admin:catalog_title_change", args=[title.pk])
    data = {"title_en": "Renamed", "slug": title.slug, "format": "tv"}
    response = client.post(url, {**data, "cover": upload("x.png", b"not an image")})
    assert response.status_code == 200
    title.refresh_from_db()
    assert title.title_en == "Grave of the Fireflies"
    assert not title.cover
