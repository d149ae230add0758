import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog import services
from catalog.importing import CatalogFileError, read_catalog_file

SHOWN_SKIPS = 5


def file_sha256(path):
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_import(command, path, *, dry_run=False, include_adult=False, verbosity=1):
    """Read ``path``, import it and print the report; the command's whole work, shared
    with load_catalog. Raises CommandError, having saved nothing, on a bad file."""
    try:
        file_format, records = read_catalog_file(path)
    except CatalogFileError as error:
        raise CommandError(f"{Path(path).name}: nothing was imported: {error}") from None
    quiet = verbosity == 0
    report = services.titles_import(
        records=records,
        source=Path(path).name,
        sha256=file_sha256(path),
        file_format=file_format,
        dry_run=dry_run,
        include_adult=include_adult,
        progress=lambda rows: tqdm(
            rows, desc="titles", unit=" rows", disable=quiet or len(records) < 1000
        ),
    )
    if quiet:
        return report
    added, updated, unchanged, skipped = report.counts
    command.stdout.write(
        f"{Path(path).name} ({file_format}, {len(records)} anime): {added} added, "
        f"{updated} updated, {unchanged} unchanged, {skipped} skipped."
    )
    by_reason = {}
    for where, reason in report.skipped:
        by_reason.setdefault(reason, []).append(where)
    for reason, places in by_reason.items():
        shown = places if verbosity > 1 else places[:SHOWN_SKIPS]
        more = f" and {len(places) - len(shown)} more (-v 2 lists them)" if shown != places else ""
        command.stdout.write(f"  skipped {len(places)}, {reason}: {', '.join(shown)}{more}")
    if dry_run:
        command.stdout.write(command.style.WARNING("Dry run: nothing was saved."))
    else:
        command.stdout.write(command.style.SUCCESS("Saved."))
    return report


class Command(BaseCommand):
    help = (
        "Add and refresh catalog titles from the anime-offline-database "
        "(anime-offline-database.json, -minified.json or .jsonl) or the MyAnimeList 2016 "
        "anime.csv. Titles match by MyAnimeList id, then AniList id; new ones are added. "
        "Facts a curator edited are never overwritten; empty ones are filled. All or nothing: "
        "a bad line stops the import before anything is saved. Running it twice with the "
        "same file changes nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The catalog file to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )
        parser.add_argument(
            "--include-adult",
            action="store_true",
            help="Also import adult titles (genre or tag Hentai), left out by default.",
        )

    def handle(self, *args, file, dry_run, include_adult, verbosity, **options):
        run_import(self, file, dry_run=dry_run, include_adult=include_adult, verbosity=verbosity)
