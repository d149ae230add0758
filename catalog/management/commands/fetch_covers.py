from django.core.management.base import BaseCommand, CommandError

from catalog.covers import covers_fetch, titles_missing_covers
from sadlist.fetching import Fetcher


class Command(BaseCommand):
    help = (
        "Fetch the covers of titles that have a picture URL and no cover, the most popular "
        "first, through the strict fetcher (SADLIST_COVER_FETCH_* settings). Resumable: a "
        "title that has a cover is never fetched again, so stop it whenever you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None, help="Fetch at most this many covers this run."
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Try titles whose cover failed for good before (a 404, not an image) again.",
        )

    def handle(self, *args, limit=None, retry_failed=False, verbosity=1, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        titles = titles_missing_covers(retry_failed=retry_failed)
        waiting = titles.count()
        if limit is not None:
            titles = titles[:limit]
        fetcher = Fetcher.from_settings()
        if not fetcher.allowed_hosts:
            raise CommandError("SADLIST_COVER_FETCH_HOSTS is empty: no host may be fetched from.")

        def progress(title, error):
            if verbosity > 1:
                outcome = "fetched" if error is None else f"not fetched: {error}"
                self.stdout.write(f"  {title.slug}: {outcome}")

        # A list, not a cursor: each title is written while the run goes on.
        titles = list(titles.only("pk", "slug", "picture_url"))
        run = covers_fetch(titles, fetcher, progress=progress)
        if verbosity:
            left = waiting - len(run.fetched) - len(run.failed)
            self.stdout.write(
                f"{len(run.fetched)} covers fetched, {len(run.failed)} failed (recorded; "
                f"--retry-failed tries them again), {len(run.retry)} to try again later; "
                f"{left} titles still wait for a cover."
            )
            if verbosity == 1:  # -v 2 has listed every title already.
                for title, reason in (run.failed + run.retry)[:5]:
                    self.stdout.write(f"  {title.slug}: {reason}")
        if run.stopped:
            self.stderr.write(self.style.WARNING(run.stopped))
