import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

from tests.accounts.helpers import PAYLOAD, file_deletions, image_bytes, png_claiming, upload

pytestmark = pytest.mark.django_db

URL = reverse("accounts:settings")


@pytest.fixture
def owner_with_avatar(owner):
    owner.avatar.save("old.jpg", ContentFile(image_bytes(image_format="JPEG")))
    return owner


def form_data(**overrides):
    return {
        "display_name": "Alice in Tears",
        "bio": "I cried at Clannad.",
        "watchlist_visibility": "private",
        **overrides,
    }


def stored_avatar(user):
    user.refresh_from_db()
    with user.avatar.open("rb") as stored:
        return stored.read()


def assert_refused(response, user, code=None):
    """The upload got a form error and nothing about the user changed."""
    assert response.status_code == 200
    form = response.context["form"]
    assert "avatar" in form.errors
    if code:
        assert form.has_error("avatar", code)
    user.refresh_from_db()
    assert (user.display_name, user.bio, user.watchlist_visibility) == ("", "", "public")
    assert not user.avatar
    assert not os.path.exists(os.path.join(default_storage.location, "avatars"))


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_anonymous_post_changes_nothing(client, owner):
    response = client.post(URL, form_data())
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.display_name == ""


def test_page_shows_the_form_and_account_links(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="radio"' in content
    assert "at most 2.0\xa0MB; shown as a 256×256 square" in content
    assert 'name="watchlist_visibility"' in content
    for name in ("password_change", "accounts:export", "accounts:delete"):
        assert f'href="{reverse(name)}"' in content
    # The export holds reviews as well (accounts.selectors.user_export).
    assert "(profile, watchlist and reviews, as JSON)" in content


def test_avatar_shows_the_picture_and_a_remove_control_not_its_path(signed_in, owner_with_avatar):
    content = signed_in.get(URL).content.decode()
    assert f'<img src="{owner_with_avatar.avatar.url}" alt="Your current avatar"' in content
    assert owner_with_avatar.avatar.name not in content.replace(owner_with_avatar.avatar.url, "")
    assert '<input type="checkbox" class="form-check-input" name="avatar-clear"' in content
    assert '<label class="form-check-label" for="avatar-clear_id">Remove avatar</label>' in content
    assert "Or replace it with a new picture" in content


def test_without_an_avatar_there_is_nothing_to_remove(signed_in):
    content = signed_in.get(URL).content.decode()
    assert "Your current avatar" not in content
    assert "avatar-clear" not in content
    assert "Upload a picture" in content


def test_profile_fields_are_saved(signed_in, owner):
    response = signed_in.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == URL
    owner.refresh_from_db()
    assert owner.display_name == "Alice in Tears"
    assert owner.bio == "I cried at Clannad."
    assert owner.watchlist_visibility == "private"
    assert not owner.avatar


def test_saving_shows_a_message(signed_in):
    response = signed_in.post(URL, form_data(), follow=True)
    assert "Your settings were saved." in [str(m) for m in response.context["messages"]]


def test_saving_keeps_the_password(signed_in, owner):
    signed_in.post(URL, form_data())
    owner.refresh_from_db()
    assert owner.check_password("correct horse battery staple")


def test_unknown_visibility_is_refused(signed_in, owner):
    response = signed_in.post(URL, form_data(watchlist_visibility="everyone"))
    assert response.status_code == 200
    assert "watchlist_visibility" in response.context["form"].errors
    owner.refresh_from_db()
    assert (owner.display_name, owner.watchlist_visibility) == ("", "public")


def test_too_long_display_name_is_refused(signed_in, owner):
    response = signed_in.post(URL, form_data(display_name="x" * 51))
    assert "display_name" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.display_name == ""


def test_png_avatar_is_stored_as_a_256px_jpeg(signed_in, owner):
    response = signed_in.post(URL, form_data(avatar=upload(image_bytes(size=(400, 300)))))
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.avatar.name.startswith("avatars/")
    assert owner.avatar.name.endswith(".jpg")
    with Image.open(io.BytesIO(stored_avatar(owner))) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (256, 256)
        assert stored.mode == "RGB"
    assert owner.display_name == "Alice in Tears"


@pytest.mark.parametrize(
    ("image_format", "content_type", "mode"),
    [
        ("JPEG", "image/jpeg", "RGB"),
        ("GIF", "image/gif", "P"),
        ("WEBP", "image/webp", "RGBA"),
        ("PNG", "image/png", "LA"),
    ],
)
def test_each_accepted_format_is_stored_as_jpeg(signed_in, owner, image_format, content_type, mode):
    content = image_bytes(size=(90, 120), color=None, image_format=image_format, mode=mode)
    file = upload(content, name=f"me.{image_format.lower()}", content_type=content_type)
    response = signed_in.post(URL, form_data(avatar=file))
    assert response.status_code == 302
    with Image.open(io.BytesIO(stored_avatar(owner))) as stored:
        assert (stored.format, stored.size) == ("JPEG", (256, 256))


def test_transparent_parts_become_white(signed_in, owner):
    content = image_bytes(size=(64, 64), color=(0, 0, 0, 0), mode="RGBA")
    signed_in.post(URL, form_data(avatar=upload(content)))
    with Image.open(io.BytesIO(stored_avatar(owner))) as stored:
        assert all(channel > 245 for channel in stored.getpixel((128, 128)))


def test_exif_orientation_is_applied(signed_in, owner):
    # Red on the left, blue on the right; EXIF says "rotate 90° clockwise to show",
    # so upright the red half is on top.
    image = Image.new("RGB", (200, 100), (255, 0, 0))
    image.paste((0, 0, 255), (100, 0, 200, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    signed_in.post(URL, form_data(avatar=upload(buffer.getvalue(), "me.jpg", "image/jpeg")))
    with Image.open(io.BytesIO(stored_avatar(owner))) as stored:
        top, bottom = stored.getpixel((128, 20)), stored.getpixel((128, 235))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_non_image_file_is_refused(signed_in, owner):
    file = upload(b"just some words", name="notes.txt", content_type="text/plain")
    response = signed_in.post(URL, form_data(avatar=file))
    assert_refused(response, owner, "invalid_image")
    assert b"Upload a PNG, JPEG, GIF or WebP image." in response.content


def test_text_file_named_png_is_refused(signed_in, owner):
    response = signed_in.post(URL, form_data(avatar=upload(b"<?php echo 'hi'; ?>\n" * 20)))
    assert_refused(response, owner, "invalid_image")


def test_empty_file_is_refused(signed_in, owner):
    response = signed_in.post(URL, form_data(avatar=upload(b"")))
    assert_refused(response, owner)


def test_truncated_image_is_refused_not_a_server_error(signed_in, owner):
    # Noise so the image data is long enough to cut in the middle.
    noisy = Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, format="JPEG")
    content = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    response = signed_in.post(URL, form_data(avatar=upload(content, "cut.jpg", "image/jpeg")))
    assert_refused(response, owner, "invalid_image")


@pytest.mark.parametrize(("image_format", "extension"), [("BMP", "bmp"), ("TIFF", "tif")])
def test_other_image_formats_are_refused(signed_in, owner, image_format, extension):
    content = image_bytes(image_format=image_format)
    response = signed_in.post(URL, form_data(avatar=upload(content, f"me.{extension}")))
    assert_refused(response, owner, "unsupported_format")


def test_file_over_the_configured_limit_is_refused(signed_in, owner, settings):
    settings.SADLIST_AVATAR_MAX_BYTES = 1000
    noisy = Image.frombytes("RGB", (40, 40), os.urandom(40 * 40 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    assert len(buffer.getvalue()) > 1000
    response = signed_in.post(URL, form_data(avatar=upload(buffer.getvalue())))
    assert_refused(response, owner, "file_too_large")
    assert "the limit is 1000\xa0bytes" in response.content.decode()


def test_real_image_over_2mb_is_refused(signed_in, owner):
    noisy = Image.frombytes("RGB", (1000, 1000), os.urandom(1000 * 1000 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    assert len(buffer.getvalue()) > 2 * 1024 * 1024
    response = signed_in.post(URL, form_data(avatar=upload(buffer.getvalue())))
    assert_refused(response, owner, "file_too_large")


@pytest.mark.parametrize(
    ("width", "height"),
    [(5000, 5000), (12_000, 10_000), (50_000, 50_000)],
    ids=["over-our-limit", "over-pillows-warning", "over-pillows-error"],
)
def test_pixel_bomb_is_refused(signed_in, owner, width, height):
    content = png_claiming(width, height)
    assert len(content) < 200_000
    response = signed_in.post(URL, form_data(avatar=upload(content, "bomb.png")))
    assert_refused(response, owner, "too_many_pixels")
    assert b"megapixels" in response.content


def test_pixel_bomb_made_by_pillow_is_refused(signed_in, owner):
    content = image_bytes(size=(20_000, 20_000), color=0, mode="1")
    assert len(content) < 2 * 1024 * 1024
    response = signed_in.post(URL, form_data(avatar=upload(content, "bomb.png")))
    assert_refused(response, owner, "too_many_pixels")


def polyglots():
    gif = image_bytes(size=(32, 32), image_format="GIF") + PAYLOAD
    png = image_bytes(size=(32, 32)) + PAYLOAD
    jpeg_comment = image_bytes(size=(32, 32), image_format="JPEG", comment=PAYLOAD)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PAYLOAD.decode())
    png_text = image_bytes(size=(32, 32), pnginfo=info)
    return [
        ("payload.gif", gif),
        ("payload.png", png),
        ("payload.jpg", jpeg_comment),
        ("payload-text.png", png_text),
    ]


@pytest.mark.parametrize(("name", "content"), polyglots(), ids=lambda value: str(value)[:16])
def test_polyglot_is_stored_only_as_a_clean_jpeg(signed_in, owner, name, content):
    assert PAYLOAD in content
    response = signed_in.post(URL, form_data(avatar=upload(content, name)))
    assert response.status_code == 302
    stored = stored_avatar(owner)
    assert stored.startswith(b"\xff\xd8\xff")
    assert PAYLOAD not in stored
    assert b"<script" not in stored
    assert b"<?php" not in stored


def test_bad_upload_does_not_save_the_other_fields(signed_in, owner):
    response = signed_in.post(
        URL, form_data(display_name="Changed", avatar=upload(b"nope", "x.png"))
    )
    assert_refused(response, owner)


def test_good_avatar_with_a_bad_field_stores_nothing(signed_in, owner):
    response = signed_in.post(
        URL, form_data(watchlist_visibility="everyone", avatar=upload(image_bytes()))
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    assert not owner.avatar
    assert not os.path.exists(os.path.join(default_storage.location, "avatars"))


def test_replacing_the_avatar_deletes_the_old_file_after_commit(
    signed_in, owner_with_avatar, django_capture_on_commit_callbacks
):
    old_name = owner_with_avatar.avatar.name
    assert default_storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = signed_in.post(URL, form_data(avatar=upload(image_bytes())))
    assert response.status_code == 302
    assert len(file_deletions(callbacks)) == 1
    owner_with_avatar.refresh_from_db()
    assert owner_with_avatar.avatar.name != old_name
    assert default_storage.exists(owner_with_avatar.avatar.name)
    assert not default_storage.exists(old_name)


def test_old_file_stays_while_the_transaction_is_open(signed_in, owner_with_avatar):
    # The test's transaction never commits, so the on-commit deletion never runs.
    old_name = owner_with_avatar.avatar.name
    response = signed_in.post(URL, form_data(avatar=upload(image_bytes())))
    assert response.status_code == 302
    owner_with_avatar.refresh_from_db()
    assert owner_with_avatar.avatar.name != old_name
    assert default_storage.exists(old_name)


def test_remove_avatar_clears_it_and_deletes_the_file(
    signed_in, owner_with_avatar, django_capture_on_commit_callbacks
):
    old_name = owner_with_avatar.avatar.name
    page = signed_in.get(URL)
    assert b"Remove avatar" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(URL, form_data(**{"avatar-clear": "on"}))
    assert response.status_code == 302
    owner_with_avatar.refresh_from_db()
    assert not owner_with_avatar.avatar
    assert not default_storage.exists(old_name)


def test_saving_without_a_new_avatar_keeps_the_old_one(
    signed_in, owner_with_avatar, django_capture_on_commit_callbacks
):
    old_name = owner_with_avatar.avatar.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        signed_in.post(URL, form_data())
    owner_with_avatar.refresh_from_db()
    assert owner_with_avatar.avatar.name == old_name
    assert default_storage.exists(old_name)
    assert file_deletions(callbacks) == []


def test_remove_and_upload_at_once_is_refused(signed_in, owner_with_avatar):
    old_name = owner_with_avatar.avatar.name
    response = signed_in.post(
        URL, form_data(avatar=upload(image_bytes()), **{"avatar-clear": "on"})
    )
    assert response.status_code == 200
    assert "avatar" in response.context["form"].errors
    owner_with_avatar.refresh_from_db()
    assert owner_with_avatar.avatar.name == old_name


def test_missing_csrf_token_is_refused(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(URL, form_data())
    assert response.status_code == 403
    owner.refresh_from_db()
    assert owner.display_name == ""
