"""Title covers, through the site's one image pipeline (sadlist.images)."""

from django.conf import settings

from sadlist import images


def validate_cover(image):
    """Refuse covers too heavy to serve or too large to decode safely, or not PNG, JPEG,
    GIF or WebP; reads only the image's header."""
    images.check_upload(
        image,
        max_bytes=settings.SADLIST_COVER_MAX_BYTES,
        max_pixels=settings.SADLIST_COVER_MAX_PIXELS,
        subject="The cover",
    )


def cover_reencode(upload):
    """``upload`` checked (validate_cover) and re-encoded in its own format, as a ContentFile."""
    validate_cover(upload)
    return images.reencode(
        upload, max_pixels=settings.SADLIST_COVER_MAX_PIXELS, subject="The cover"
    )
