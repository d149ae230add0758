"""Cover uploads: weighed first, then re-encoded so only the pixels are stored.

An image file can carry more than its picture: a script or PHP appended after
the image data, a payload in a comment, metadata or colour-profile chunk. Stored
byte for byte, such a polyglot is served from MEDIA_ROOT as it came. Every cover
is therefore decoded and written afresh by Pillow, in its own format (GIF as
PNG), with no metadata.
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .validators import validate_cover

# Pillow's format name -> (format written, file extension).
COVER_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "GIF": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
}
INVALID_COVER = "Upload a PNG, JPEG, GIF or WebP image. That file isn't one, or it is damaged."


def _pixels_only(image, output_format):
    """A new image holding ``image``'s pixels and nothing else (no info, EXIF or profile)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha and output_format != "JPEG" else "RGB"
    pixels = image.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    return clean


def cover_reencode(upload):
    """``upload`` checked (validate_cover) and re-encoded, as a ContentFile.

    Size and pixel count are checked on the header before anything is decoded.
    A file Pillow can't decode, or in another format, raises a ValidationError.
    """
    validate_cover(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            source_format = image.format
            if source_format not in COVER_FORMATS:
                raise ValidationError(
                    "%(format)s images aren't accepted; upload a PNG, JPEG, GIF or WebP image.",
                    code="unsupported_format",
                    params={"format": source_format or "Those"},
                )
            output_format, extension = COVER_FORMATS[source_format]
            clean = _pixels_only(ImageOps.exif_transpose(image), output_format)
            buffer = io.BytesIO()
            options = {"quality": 90, "optimize": True} if output_format == "JPEG" else {}
            clean.save(buffer, format=output_format, **options)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            "The cover has too many pixels to be decoded safely.", code="too_many_pixels"
        ) from exc
    except Exception as exc:  # Truncated or corrupt data shows only when decoding.
        raise ValidationError(INVALID_COVER, code="invalid_image") from exc
    finally:
        upload.seek(0)
    stem = PurePath(upload.name or "cover").stem or "cover"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{extension}")
