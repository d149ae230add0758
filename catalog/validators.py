from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.template.defaultfilters import filesizeformat


def validate_cover(image):
    """Refuse covers too heavy to serve or too large to decode safely.

    Whether the file is an image at all is checked by the form's ImageField
    (Pillow), which runs before this validator.
    """
    if image.size > settings.COVER_MAX_BYTES:
        raise ValidationError(
            "The cover is %(size)s; the limit is %(limit)s.",
            code="file_too_large",
            params={
                "size": filesizeformat(image.size),
                "limit": filesizeformat(settings.COVER_MAX_BYTES),
            },
        )
    width, height = get_image_dimensions(image)
    if width and height and width * height > settings.COVER_MAX_PIXELS:
        raise ValidationError(
            "The cover is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.",
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "limit": settings.COVER_MAX_PIXELS // 1_000_000,
            },
        )
