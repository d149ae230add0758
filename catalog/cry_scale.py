"""The cry scale: one set of words used everywhere a cry rating appears."""

from django.db import models


class CryRating(models.IntegerChoices):
    NOT_A_TEAR = 0, "Not a tear"
    MISTY_EYED = 1, "Misty-eyed"
    A_TEAR_OR_TWO = 2, "A tear or two"
    CRYING = 3, "Crying"
    SOBBING = 4, "Sobbing"
    DESTROYED = 5, "Destroyed"


CRY_LEVELS = [level.value for level in CryRating]


def cry_histogram(counts):
    """Rows for a 0–5 histogram from ``counts`` (one number per level, 0 first).

    Each row has the level, its label, its count and its share of the
    largest bar (0–100) for drawing.
    """
    peak = max(counts, default=0) or 1
    return [
        {
            "level": level,
            "label": CryRating(level).label,
            "count": count,
            "percent": round(100 * count / peak),
        }
        for level, count in zip(CRY_LEVELS, counts, strict=True)
    ]
