from django.core.management.base import BaseCommand
from django.db import transaction

from catalog import services as catalog_services
from catalog.models import Title, TitleStats
from reviews.models import Review
from sadlist.caching import public_pages_changed
from watchlist.models import Entry

ZERO = dict.fromkeys(TitleStats.STAT_FIELDS, 0)


class Command(BaseCommand):
    help = (
        "Rebuild the title statistics (cry ratings, histogram, completions) from the watchlist "
        "entries and the reviews' helpful and report counts from their rows, and report every "
        "drift fixed; then re-ranks Most tearful (the stored ranks, with the configured m) and "
        "reports how many ranks moved. Safe while the site runs: each fix recounts its title "
        "under the ranking's lock and its row lock."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report drift without fixing it."
        )

    def handle(self, *args, dry_run=False, **options):
        drifted = self._title_drift()
        drifted_reviews = self._review_drift()
        for title_id in drifted:
            self._report_title(title_id, dry_run)
        for review_id, (kept, fresh) in drifted_reviews.items():
            helpful, reports = f"{kept[0]} → {fresh[0]}", f"{kept[1]} → {fresh[1]}"
            self.stdout.write(f"Review {review_id}: helpful {helpful}, reports {reports}")
            if not dry_run:
                Review.objects.filter(pk=review_id).update(
                    helpful_count=fresh[0], report_count=fresh[1]
                )
        # After the counts: ranks follow from them, so a fixed count may move ranks too.
        ranks = self._rank_drift(dry_run)
        if ranks:
            moved = f"{ranks} stored rank{'s' if ranks != 1 else ''}"
            self.stdout.write(
                f"Most tearful: {moved} "
                + ("would move (--dry-run)." if dry_run else "moved to their places.")
            )
        total = len(drifted) + len(drifted_reviews)
        if (total or ranks) and not dry_run:
            # Written past the services: every kept page and shared part shows counts.
            public_pages_changed()
        counts = f"{total} drifted count{'s' if total != 1 else ''}"
        if not total and not ranks:
            self.stdout.write(self.style.SUCCESS("No drift: every count matches its rows."))
        elif not total:
            self.stdout.write(self.style.SUCCESS("Every count matches its rows."))
        elif dry_run:
            self.stdout.write(self.style.WARNING(f"{counts}; nothing changed (--dry-run)."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Fixed {counts}."))

    def _title_drift(self):
        """Ids of titles whose kept statistics differ from a recount (one pass, no locks)."""
        fresh = Entry.objects.title_stats()
        kept = {
            row.pop("title_id"): row
            for row in TitleStats.objects.values("title_id", *TitleStats.STAT_FIELDS)
        }
        return sorted(
            title_id
            for title_id in fresh.keys() | kept.keys()
            if fresh.get(title_id, ZERO) != kept.get(title_id, ZERO)
        )

    def _rank_drift(self, dry_run):
        """Re-rank Most tearful; how many stored ranks (or the snapshot's m and C) were off.

        A dry run ranks inside a transaction it then rolls back."""
        with transaction.atomic():
            moved = catalog_services.tearful_ranks_refresh()
            if dry_run:
                transaction.set_rollback(True)
        return moved

    def _review_drift(self):
        kept = {
            pk: (helpful, reported)
            for pk, helpful, reported in Review.objects.values_list(
                "pk", "helpful_count", "report_count"
            )
        }
        return {
            pk: (kept[pk], fresh)
            for pk, fresh in Review.objects.counts_from_rows().items()
            if kept.get(pk) != fresh
        }

    def _report_title(self, title_id, dry_run):
        """Recount one title under a lock on its statistics row, then fix and report it.

        Writers update the same row, so a rating saved meanwhile waits for the
        lock and then adds its change to the recounted numbers.
        """
        with transaction.atomic():
            catalog_services.tearful_ranks_lock()  # first, as every rating write takes it
            stats, _ = TitleStats.objects.get_or_create(title_id=title_id)
            stats = TitleStats.objects.select_for_update().get(pk=stats.pk)
            fresh = Entry.objects.title_stats([title_id]).get(title_id, ZERO)
            changes = {
                field: (getattr(stats, field), value)
                for field, value in fresh.items()
                if getattr(stats, field) != value
            }
            if not changes:
                return
            name = Title.objects.filter(pk=title_id).values_list("title_en", flat=True).first()
            described = ", ".join(f"{field} {old} → {new}" for field, (old, new) in changes.items())
            self.stdout.write(f"{name}: {described}")
            if not dry_run:
                for field, (_, new) in changes.items():
                    setattr(stats, field, new)
                stats.save(update_fields=list(changes))
