"""The one pipeline for uploaded images (title covers, avatars): weighed, then re-encoded.

An image file can carry more than its picture: a script or PHP appended after
the image data, a payload in a comment, metadata or a colour-profile chunk.
Stored byte for byte, such a polyglot would be served from MEDIA_ROOT as it
came. So every upload is first checked cheaply (its size, then its header,
before anything is decoded) and then decoded and written afresh by Pillow
from its pixels alone: nothing else of the uploaded bytes is ever stored.
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
ACCEPTED_CONTENT_TYPES = "image/png,image/jpeg,image/gif,image/webp"
INVALID_IMAGE = "Upload a PNG, JPEG, GIF or WebP image. That file isn't one, or it is damaged."
# Pillow's format name -> (format written, file extension), when the format is kept.
KEPT_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "GIF": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
}


def _too_many_pixels(subject, max_pixels, width=None, height=None):
    limit = max_pixels // 1_000_000
    if width and height:
        return ValidationError(
            "%(subject)s is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.",
            code="too_many_pixels",
            params={"subject": subject, "width": width, "height": height, "limit": limit},
        )
    return ValidationError(
        "%(subject)s has too many pixels; the limit is %(limit)s megapixels.",
        code="too_many_pixels",
        params={"subject": subject, "limit": limit},
    )


def _source(upload):
    """Something Pillow can open without reading a large upload into memory twice."""
    if hasattr(upload, "temporary_file_path"):
        return upload.temporary_file_path()
    upload.seek(0)
    return upload


def _rewind(upload):
    if hasattr(upload, "seek"):
        upload.seek(0)


def check_upload(upload, *, max_bytes, max_pixels, subject="That image"):
    """Refuse ``upload`` by its size and its image header alone, before any decoding.

    ``subject`` names the upload in the messages ("The cover is 6 MB; ...").
    Pillow reads only the header here; its own decompression-bomb guard is
    caught as well (the warning is an error wherever warnings are made errors,
    as in the tests).
    """
    if upload.size > max_bytes:
        raise ValidationError(
            "%(subject)s is %(size)s; the limit is %(limit)s.",
            code="file_too_large",
            params={
                "subject": subject,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            },
        )
    try:
        with Image.open(_source(upload)) as image:
            image_format = image.format
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(subject, max_pixels) from exc
    except Exception as exc:  # Pillow raises many kinds of error on data it can't read.
        raise ValidationError(INVALID_IMAGE, code="invalid_image") from exc
    finally:
        _rewind(upload)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s images aren't accepted; upload a PNG, JPEG, GIF or WebP image.",
            code="unsupported_format",
            params={"format": image_format or "Those"},
        )
    if width * height > max_pixels:
        raise _too_many_pixels(subject, max_pixels, width, height)


def _pixels_only(image, output_format, background=None):
    """A new image holding ``image``'s pixels and nothing else (no info, EXIF or profile).

    Transparency is kept where the output format has it; otherwise transparent
    parts are laid on ``background`` (white by default) rather than black.
    """
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if has_alpha and output_format != "JPEG":
        pixels = image.convert("RGBA")
    elif has_alpha:
        rgba = image.convert("RGBA")
        pixels = Image.new("RGB", rgba.size, background or (255, 255, 255))
        pixels.paste(rgba, mask=rgba.getchannel("A"))
    else:
        pixels = image.convert("RGB")
    # A fresh image carries no metadata: Pillow would otherwise copy a JPEG
    # comment (a classic place for a payload) into the new file.
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    return clean


def reencode(upload, *, max_pixels, subject="That image", square=None):
    """``upload``'s pixels written afresh by Pillow, as a ContentFile.

    Call only after check_upload. With ``square`` (a side in pixels) the image
    is cropped to a centred square of that size and written as JPEG; without,
    it keeps its size and format (GIF becomes PNG). A file that turns out to be
    damaged while decoding raises a ValidationError, never a server error.
    """
    try:
        with Image.open(_source(upload)) as image:
            source_format = image.format
            if source_format not in KEPT_FORMATS:
                raise ValidationError(
                    "%(format)s images aren't accepted; upload a PNG, JPEG, GIF or WebP image.",
                    code="unsupported_format",
                    params={"format": source_format or "Those"},
                )
            if square:
                # JPEGs can be decoded at a fraction of their size, which saves memory.
                image.draft("RGB", (square * 2, square * 2))
                output_format, extension = "JPEG", "jpg"
                options = {"quality": 85, "optimize": True}
            else:
                output_format, extension = KEPT_FORMATS[source_format]
                options = {"quality": 90, "optimize": True} if output_format == "JPEG" else {}
            clean = _pixels_only(ImageOps.exif_transpose(image), output_format)
            if square:
                clean = ImageOps.fit(clean, (square, square), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            clean.save(buffer, format=output_format, **options)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(subject, max_pixels) from exc
    except Exception as exc:  # Truncated or corrupt data shows only when decoding.
        raise ValidationError(INVALID_IMAGE, code="invalid_image") from exc
    finally:
        _rewind(upload)
    stem = PurePath(getattr(upload, "name", "") or "image").stem or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{extension}")
