"""Avatar uploads: checked cheaply before Pillow decodes them, then re-encoded.

Every stored avatar is a small JPEG written by Pillow from decoded pixels, never
the uploaded bytes: whatever else a file carried (a script after the image data,
a comment, EXIF, a second format's payload) is gone.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

AVATAR_MAX_BYTES = 2 * 1024 * 1024
# 4000×4000: a phone photo fits, a decompression bomb does not.
AVATAR_MAX_PIXELS = 16_000_000
AVATAR_SIZE = 256
AVATAR_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
AVATAR_CONTENT_TYPES = "image/png,image/jpeg,image/gif,image/webp"

INVALID_IMAGE = "Upload a PNG, JPEG, GIF or WebP image. That file isn't one, or it is damaged."


def avatar_max_bytes():
    return getattr(settings, "AVATAR_MAX_BYTES", AVATAR_MAX_BYTES)


def _too_many_pixels(width=None, height=None):
    limit = AVATAR_MAX_PIXELS // 1_000_000
    if width and height:
        return ValidationError(
            "That image is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.",
            code="too_many_pixels",
            params={"width": width, "height": height, "limit": limit},
        )
    return ValidationError(
        "That image has too many pixels; the limit is %(limit)s megapixels.",
        code="too_many_pixels",
        params={"limit": limit},
    )


def _source(upload):
    """Something Pillow can open without reading a large upload into memory twice."""
    if hasattr(upload, "temporary_file_path"):
        return upload.temporary_file_path()
    upload.seek(0)
    return upload


def check_avatar_upload(upload):
    """Refuse an upload by its size and its image header alone, before any decoding.

    Pillow reads only the header here; its own decompression-bomb guard is
    caught as well (the warning is an error wherever warnings are made errors,
    as in the tests).
    """
    limit = avatar_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            "That file is %(size)s; the limit is %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    try:
        with Image.open(_source(upload)) as image:
            image_format = image.format
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except Exception as exc:  # Pillow raises many kinds of error on data it can't read.
        raise ValidationError(INVALID_IMAGE, code="invalid_image") from exc
    finally:
        if hasattr(upload, "seek"):
            upload.seek(0)
    if image_format not in AVATAR_FORMATS:
        raise ValidationError(
            "%(format)s images aren't accepted; upload a PNG, JPEG, GIF or WebP image.",
            code="unsupported_format",
            params={"format": image_format or "Those"},
        )
    if width * height > AVATAR_MAX_PIXELS:
        raise _too_many_pixels(width, height)


def _flatten(image):
    """The image as RGB, transparent parts on white rather than black."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def avatar_thumbnail(upload):
    """A AVATAR_SIZE square JPEG made from ``upload``'s pixels, as a ContentFile.

    Call only after check_avatar_upload. A file that turns out to be damaged
    while decoding raises a ValidationError, never a server error.
    """
    try:
        with Image.open(_source(upload)) as image:
            # JPEGs can be decoded at a fraction of their size, which saves memory.
            image.draft("RGB", (AVATAR_SIZE * 2, AVATAR_SIZE * 2))
            image = ImageOps.exif_transpose(image)
            image = ImageOps.fit(
                _flatten(image), (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS
            )
            # A fresh image carries no metadata: Pillow would otherwise copy a
            # JPEG comment (a classic place for a payload) into the new file.
            clean = Image.new("RGB", image.size)
            clean.paste(image)
            buffer = io.BytesIO()
            clean.save(buffer, format="JPEG", quality=85, optimize=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except Exception as exc:  # Truncated or corrupt data shows only when decoding.
        raise ValidationError(INVALID_IMAGE, code="invalid_image") from exc
    finally:
        if hasattr(upload, "seek"):
            upload.seek(0)
    return ContentFile(buffer.getvalue(), name="avatar.jpg")
