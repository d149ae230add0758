"""Checks that the counts the site keeps equal the counts recomputed from the rows."""

from catalog.models import TitleStats
from reviews.models import Review
from watchlist.models import Entry

STAT_FIELDS = TitleStats.STAT_FIELDS


def kept_stats():
    """The title statistics as kept, leaving out titles whose numbers are all zero."""
    return {
        row.pop("title_id"): row
        for row in TitleStats.objects.values("title_id", *STAT_FIELDS)
        if any(row[field] for field in STAT_FIELDS)
    }


def assert_stats_match_entries():
    fresh = {
        title_id: numbers
        for title_id, numbers in Entry.objects.title_stats().items()
        if any(numbers.values())
    }
    assert kept_stats() == fresh


def assert_review_counts_match_rows():
    kept = {
        pk: (helpful, reported)
        for pk, helpful, reported in Review.objects.values_list(
            "pk", "helpful_count", "report_count"
        )
    }
    assert kept == Review.objects.counts_from_rows()
