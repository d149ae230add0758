"""manage.py evaluate_forecasts: measure the forecast on real ratings, offline."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forecast import evaluation

RATINGS_CSV = Path(settings.BASE_DIR) / "fixtures" / "mal-2016" / "rating_23.csv"
# MyAnimeList's 1–10 scale is kept as it is: the evaluation is of the method, not the scale.
LOW, HIGH = 1.0, 10.0
# "Rated highest": 9 or 10 out of 10 (about the top fifth of these ratings).
RELEVANT = 9.0


class Command(BaseCommand):
    help = (
        "Cross-validate the tear forecast on MyAnimeList's 2016 ratings "
        "(fixtures/mal-2016/rating_23.csv, 1-10, -1 dropped) and print RMSE, MAE and "
        "precision at 10 for the global mean, the per-title mean, the rankings' Bayesian "
        "mean, the baseline and the model. Reads nothing from the site's database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ratings", type=Path, default=RATINGS_CSV, help="Ratings CSV.")
        parser.add_argument("--folds", type=int, default=5, help="Cross-validation folds.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the fold split.")

    def handle(self, *args, **options):
        if options["folds"] < 2:
            raise CommandError("--folds must be at least 2.")
        if not options["ratings"].is_file():
            raise CommandError(f"No ratings file at {options['ratings']}.")
        data = evaluation.read_mal_ratings(options["ratings"])
        results = evaluation.evaluate(
            data,
            folds=options["folds"],
            seed=options["seed"],
            relevant=RELEVANT,
            ranking_m=settings.SADLIST_RANKING_M,
            min_support=settings.SADLIST_FORECAST_MIN_CORATERS,
            min_neighbours=settings.SADLIST_FORECAST_MIN_NEIGHBOURS,
            low=LOW,
            high=HIGH,
        )
        self.stdout.write(
            f"{len(data.values)} ratings by {data.n_members} members of {data.n_titles} "
            f"titles, {options['folds']}-fold cross-validation (seed {options['seed']}), "
            f"scale {LOW:g}-{HIGH:g}, relevant for precision@10: {RELEVANT:g} or more.\n"
        )
        self.stdout.write("| method | RMSE | MAE | precision@10 | seconds |")
        self.stdout.write("|---|---|---|---|---|")
        for name, row in results.items():
            self.stdout.write(
                f"| {name} | {row['rmse']:.4f} | {row['mae']:.4f} | "
                f"{row['precision']:.3f} | {row['seconds']:.1f} |"
            )
        per_title = results["Per-title mean"]["rmse"]
        model = results["Model (baseline + title neighbours)"]["rmse"]
        gain = 1 - model / per_title
        verdict = "met" if gain >= 0.08 else "NOT met"
        self.stdout.write(
            f"\nThe model's RMSE is {gain:.1%} below the per-title mean's "
            f"(target: at least 8%): {verdict}."
        )
