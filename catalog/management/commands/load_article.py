from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalog.models import CuratedList


class Command(BaseCommand):
    help = (
        "Load the article's 20 titles, tags and curated list (fixtures/article.json) "
        "unless the list is already there, so curators' later edits survive `make run`. "
        "--force reloads them over any edits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even if the article's list exists, overwriting edited fields.",
        )

    def handle(self, *args, force=False, **options):
        if (
            not force
            and CuratedList.objects.filter(slug=settings.SADLIST_ARTICLE_LIST_SLUG).exists()
        ):
            if options["verbosity"]:
                self.stdout.write(
                    "The article's list is already loaded; nothing to do (--force reloads it)."
                )
            return
        call_command("loaddata", "article", verbosity=options["verbosity"])
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("Loaded the article's titles and list."))
