from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalog.models import CatalogImport

from .import_titles import file_sha256, run_import

CATALOG_CSV = settings.BASE_DIR / "fixtures" / "mal-2016" / "anime.csv"


class Command(BaseCommand):
    help = (
        "Load the committed MyAnimeList 2016 catalog (fixtures/mal-2016/anime.csv) next to "
        "the article's titles, once: a later run finds the import recorded and adds nothing, "
        "so curators' edits and deletions stay. Loads the article first if it isn't there. "
        "The article's titles keep their curated names, blurbs and tags."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--include-adult",
            action="store_true",
            help="Also load adult titles (genre Hentai), left out by default.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Import the file again even if it was loaded (curated facts still kept).",
        )

    def handle(self, *args, include_adult, force, verbosity, **options):
        call_command("load_article", verbosity=0)
        sha256 = file_sha256(CATALOG_CSV)
        if not force and CatalogImport.objects.filter(sha256=sha256).exists():
            if verbosity:
                self.stdout.write(
                    "The MyAnimeList 2016 catalog is already loaded; nothing to do "
                    "(--force imports it again)."
                )
            return
        run_import(self, CATALOG_CSV, include_adult=include_adult, verbosity=verbosity)
