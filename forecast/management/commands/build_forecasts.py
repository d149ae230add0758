"""manage.py build_forecasts: relearn the tear forecast from every shared cry rating."""

from django.core.management.base import BaseCommand

from forecast import services


class Command(BaseCommand):
    help = (
        "Relearn the tear forecast from every cry rating whose member shares them: each "
        "title's baseline and its most similar titles (pairs rated by at least "
        "SADLIST_FORECAST_MIN_CORATERS members). Replaces the previous model in one "
        "transaction. Run it on a schedule (README: 'Scheduled commands')."
    )

    def handle(self, *args, **options):
        build = services.forecast_build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Learnt from {build.ratings} ratings by {build.members} members on "
                f"{build.titles} titles: {build.pairs} similar pairs in {build.seconds:.1f} s."
            )
        )
