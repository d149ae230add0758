"""A reproducible synthetic community, for load tests and for trying the site at scale."""

import csv
import datetime
import random
from itertools import accumulate
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils.text import slugify
from tqdm import tqdm

from catalog import services as catalog_services
from catalog.models import ListEntry, Tag, Title, TitleStats
from catalog.search import search_document
from reviews.models import HelpfulVote, Report, Review
from watchlist.models import Entry

# The MyAnimeList 2016 snapshot kept in the repository (its README gives source and licence).
ANIME_CSV = Path(settings.BASE_DIR) / "fixtures" / "mal-2016" / "anime.csv"
USER_PREFIX = "demo-"
TITLE_PREFIX = "demo-"
BATCH = 20_000
# Timestamps are spread over the three years before this day, not before
# "now", so the same seed always builds the same rows.
EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
FORMATS = {
    "TV": "tv",
    "Movie": "movie",
    "OVA": "ova",
    "ONA": "ona",
    "Special": "special",
    "Music": "music",
}
# What share of entries has each status (MyAnimeList-like).
STATUS_WEIGHTS = {
    "completed": 55,
    "plan_to_watch": 18,
    "watching": 12,
    "dropped": 9,
    "on_hold": 6,
}
# How a genre moves a title's typical cry rating.
GENRE_TEARS = {
    "Drama": 1.3,
    "Romance": 0.6,
    "Slice of Life": 0.4,
    "Music": 0.3,
    "Supernatural": 0.2,
    "Psychological": 0.3,
    "Comedy": -1.0,
    "Parody": -1.3,
    "Ecchi": -0.8,
    "Action": -0.3,
    "Sports": -0.2,
}
REVIEW_LINES = [
    "I did not expect the last episode to hit this hard.",
    "The soundtrack alone had me reaching for tissues.",
    "Quiet, patient and devastating in the best way.",
    "It builds slowly, then it takes everything from you.",
    "I laughed for half of it and cried for the rest.",
    "Not as sad as people say, but the ending stays with you.",
    "Rewatched it with a friend; we both cried at the same scene.",
    "Beautifully animated grief. Watch it on a free evening.",
]


class Command(BaseCommand):
    help = (
        "Build a reproducible synthetic community: titles named after real MyAnimeList "
        "titles (fixtures/mal-2016/anime.csv), members, watchlist entries with cry ratings skewed "
        "the way real popularity is (a few titles get most ratings), and some reviews. "
        "Bulk inserts (COPY on PostgreSQL), then the title statistics in one pass."
    )

    def add_arguments(self, parser):
        parser.add_argument("--titles", type=int, default=1000)
        parser.add_argument("--users", type=int, default=1000)
        parser.add_argument("--entries", type=int, default=10_000)
        parser.add_argument(
            "--reviews", type=int, help="Reviews to write (default: one per 200 entries)."
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--anime-csv",
            type=Path,
            default=ANIME_CSV,
            help="MyAnimeList titles to name the demo titles after and weigh their popularity.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete an earlier demo community (demo- users and titles) first.",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="If a demo community with this many titles, users and entries exists, "
            "keep it and stop (for benchmarks that reuse their data).",
        )

    def handle(self, *args, **options):
        titles, users, entries = options["titles"], options["users"], options["entries"]
        if min(titles, users) < 1 or entries < 0:
            raise CommandError("--titles and --users must be at least 1, --entries at least 0.")
        if entries > titles * users:
            raise CommandError(
                f"{entries} entries can't fit: each of {users} users has at most one entry "
                f"for each of {titles} titles."
            )
        if options["keep"] and self._demo_size() == (titles, users, entries):
            self.stdout.write("The demo community of this size exists already; kept it.")
            return
        if self._demo_exists():
            if not options["replace"]:
                raise CommandError(
                    "A demo community exists already; --replace deletes it and builds anew."
                )
            self._delete_demo()
        rng = random.Random(options["seed"])
        reviews = options["reviews"] if options["reviews"] is not None else entries // 200
        self.quiet = options["verbosity"] == 0

        with transaction.atomic():
            source = self._read_anime(options["anime_csv"], titles)
            title_rows = self._insert_titles(source, rng)
            user_ids = self._insert_users(users, rng)
            self._insert_entries(title_rows, user_ids, entries, rng)
            self._insert_reviews(reviews, rng)
            self._rebuild_stats()
        if connection.vendor == "postgresql":
            # Fresh planner statistics: after a bulk load the old ones send queries astray
            # (a scan of every title to find one member's hundred entries).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {len(title_rows)} titles, {len(user_ids)} users, {entries} entries and "
                f"{reviews} reviews (seed {options['seed']})."
            )
        )

    # Reading -------------------------------------------------------------------------------

    def _read_anime(self, path, count):
        """``count`` rows of (name, format, episodes, genres, MAL score, members), most popular
        first."""
        rows = []
        if path.exists():
            with path.open(newline="", encoding="utf-8") as csv_file:
                for row in csv.DictReader(csv_file):
                    rows.append(
                        (
                            row["name"],
                            FORMATS.get(row["type"], "tv"),
                            int(row["episodes"]) if row["episodes"].isdigit() else None,
                            [g.strip() for g in row["genre"].split(",") if g.strip()],
                            float(row["rating"] or 6.5),
                            int(row["members"] or 1),
                        )
                    )
            rows.sort(key=lambda row: -row[5])
        else:
            self.stderr.write(f"{path} not found: naming titles 'Demo title N' instead.")
        if not rows:
            rows = [(f"Demo title {n}", "tv", 12, ["Drama"], 7.0, 1000) for n in range(count)]
        # More titles than the source has: later rounds are "remakes".
        return [
            (name if n < len(rows) else f"{name} (remake {n // len(rows)})", *rest)
            for n, (name, *rest) in ((n, rows[n % len(rows)]) for n in range(count))
        ]

    # Writing -------------------------------------------------------------------------------

    def _progress(self, total, description):
        return tqdm(total=total, desc=description, unit=" rows", disable=self.quiet)

    def _insert(self, model, fields, rows, total, description):
        """Insert ``rows`` (tuples of ``fields``' values) into ``model``'s table, COPY on
        PostgreSQL. Table and column names come from the model, never written here."""
        table = connection.ops.quote_name(model._meta.db_table)
        columns = [connection.ops.quote_name(model._meta.get_field(f).column) for f in fields]
        progress = self._progress(total, description)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                names = ", ".join(columns)
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        progress.update()
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
                batch = []
                for row in rows:
                    batch.append(row)
                    if len(batch) == BATCH:
                        cursor.executemany(sql, batch)
                        progress.update(len(batch))
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    progress.update(len(batch))
        progress.close()

    def _moment(self, rng):
        return EPOCH - datetime.timedelta(seconds=rng.randrange(3 * 365 * 24 * 3600))

    def _insert_titles(self, source, rng):
        """Insert the titles; returns (id, episodes, tearfulness, mal score, weight) per title."""
        made = []

        def rows():
            for n, (name, fmt, episodes, genres, score, members) in enumerate(source):
                slug = f"{TITLE_PREFIX}{slugify(name)[:150] or 'title'}-{n}"
                moment = self._moment(rng)
                made.append((slug, episodes, genres, score, members))
                yield (
                    slug,
                    name[:200],
                    "",
                    "",
                    fmt,
                    rng.randint(1970, 2016),
                    episodes,
                    "",
                    f"{name} is part of sadlist's demo catalog.",
                    "",
                    search_document(name),
                    moment,
                    moment,
                    "",
                    members,
                    "",
                    "[]",
                )

        columns = [
            "slug", "title_en", "title_romaji", "title_native", "format", "year", "episodes",
            "studio", "synopsis", "cover", "search_text", "created_at", "updated_at",
            "other_titles", "popularity", "picture_url", "curated_fields",
        ]  # fmt: skip
        self._insert(Title, columns, rows(), len(source), "titles")
        ids = dict(Title.objects.filter(slug__startswith=TITLE_PREFIX).values_list("slug", "pk"))
        self._link_genres(ids, made)
        return [
            (
                ids[slug],
                episodes,
                1.6 + sum(GENRE_TEARS.get(g, 0) for g in genres) + (score - 7) * 0.4,
                score,
                members,
            )
            for slug, episodes, genres, score, members in made
        ]

    def _link_genres(self, ids, made):
        tags = {tag.name.lower(): tag.pk for tag in Tag.objects.exclude(kind="content_note")}
        links = [
            (ids[slug], tags[genre.lower()])
            for slug, _, genres, _, _ in made
            for genre in dict.fromkeys(genres)
            if genre.lower() in tags
        ]
        self._insert(Title.tags.through, ["title", "tag"], links, len(links), "genres")

    def _insert_users(self, count, rng):
        def rows():
            for n in range(count):
                name = f"{USER_PREFIX}{n:07d}"
                # An unusable password: demo members can't sign in.
                yield (
                    "!", False, name, "", "", f"{name}@example.invalid", False, True,
                    self._moment(rng), "", "", "",
                    "public" if rng.random() < 0.85 else "private",
                )  # fmt: skip

        columns = [
            "password", "is_superuser", "username", "first_name", "last_name", "email",
            "is_staff", "is_active", "date_joined", "display_name", "bio", "avatar",
            "watchlist_visibility",
        ]  # fmt: skip
        self._insert(get_user_model(), columns, rows(), count, "users")
        return list(
            get_user_model()
            .objects.filter(username__startswith=USER_PREFIX)
            .order_by("username")
            .values_list("pk", flat=True)
        )

    def _pairs(self, titles, user_ids, count, rng):
        """``count`` distinct (user, title) pairs: popular titles and active users dominate."""
        title_weights = list(accumulate(t[4] for t in titles))
        # A Pareto spread of activity: most members log a few titles, some log hundreds.
        user_weights = list(accumulate(rng.paretovariate(1.2) for _ in user_ids))
        seen = set()
        while len(seen) < count:
            need = count - len(seen)
            users = rng.choices(range(len(user_ids)), cum_weights=user_weights, k=need + need // 4)
            picked = rng.choices(range(len(titles)), cum_weights=title_weights, k=len(users))
            for pair in zip(users, picked, strict=True):
                if pair not in seen:
                    seen.add(pair)
                    if len(seen) == count:
                        break
            if len(seen) < count and need == count - len(seen):
                # Saturated by the skew: fill the rest uniformly.
                while len(seen) < count:
                    seen.add((rng.randrange(len(user_ids)), rng.randrange(len(titles))))
        return sorted(seen)

    def _insert_entries(self, titles, user_ids, count, rng):
        statuses = list(STATUS_WEIGHTS)
        status_weights = list(accumulate(STATUS_WEIGHTS.values()))

        def rows():
            for user_index, title_index in self._pairs(titles, user_ids, count, rng):
                title_id, episodes, tearfulness, score, _ = titles[title_index]
                status = rng.choices(statuses, cum_weights=status_weights)[0]
                started = status != Entry.Status.PLAN_TO_WATCH
                if status == Entry.Status.COMPLETED:
                    watched = episodes or 1
                elif started:
                    watched = rng.randint(0, max((episodes or 12) - 1, 0))
                else:
                    watched = 0
                rating = None
                if started and rng.random() < 0.75:
                    rating = min(5, max(0, round(rng.gauss(tearfulness, 1.1))))
                given = None
                if started and rng.random() < 0.6:
                    given = min(10, max(1, round(rng.gauss(score, 1.3))))
                moment = self._moment(rng)
                yield (
                    user_ids[user_index], title_id, status, watched, None, None, 0,
                    rating, given, "", moment, moment,
                )  # fmt: skip

        columns = [
            "user", "title", "status", "episodes_watched", "started_on", "finished_on",
            "times_rewatched", "cry_rating", "score", "note", "created_at", "updated_at",
        ]  # fmt: skip
        self._insert(Entry, columns, rows(), count, "entries")

    def _insert_reviews(self, count, rng):
        if not count:
            return
        completed = list(
            Entry.objects.filter(
                user__username__startswith=USER_PREFIX, status=Entry.Status.COMPLETED
            )
            .order_by("pk")
            .values_list("user_id", "title_id")
        )
        chosen = rng.sample(completed, min(count, len(completed)))

        def rows():
            for user_id, title_id in chosen:
                body = "\n\n".join(rng.sample(REVIEW_LINES, 3))
                moment = self._moment(rng)
                # No helpful votes: helpful_count stays what its (absent) votes say.
                yield (
                    user_id, title_id, body, rng.random() < 0.2, 0, 0, False, None,
                    moment, moment,
                )  # fmt: skip

        columns = [
            "user", "title", "body", "contains_spoilers", "helpful_count",
            "report_count", "is_hidden", "hidden_at", "created_at", "updated_at",
        ]  # fmt: skip
        self._insert(Review, columns, rows(), len(chosen), "reviews")

    def _rebuild_stats(self):
        """Every title's statistics from the entries, in one aggregate pass."""
        fresh = Entry.objects.title_stats()
        TitleStats.objects.all().delete()
        fields = TitleStats.STAT_FIELDS
        rows = (
            (title_id, *(numbers[field] for field in fields)) for title_id, numbers in fresh.items()
        )
        self._insert(TitleStats, ["title", *fields], rows, len(fresh), "statistics")
        catalog_services.tearful_ranks_refresh()

    # Replacing -----------------------------------------------------------------------------

    def _demo_size(self):
        return (
            Title.objects.filter(slug__startswith=TITLE_PREFIX).count(),
            get_user_model().objects.filter(username__startswith=USER_PREFIX).count(),
            Entry.objects.filter(user__username__startswith=USER_PREFIX).count(),
        )

    def _demo_exists(self):
        return Title.objects.filter(slug__startswith=TITLE_PREFIX).exists()

    def _delete_demo(self):
        """Remove an earlier demo community in a few set-based deletes.

        An ORM delete of the users would load every row and cascade one by one;
        these querysets delete with one statement each, children first.
        """
        users = get_user_model().objects.filter(username__startswith=USER_PREFIX)
        titles = Title.objects.filter(slug__startswith=TITLE_PREFIX)
        reviews = Review.objects.filter(Q(user__in=users) | Q(title__in=titles))
        deletions = [
            HelpfulVote.objects.filter(Q(user__in=users) | Q(review__in=reviews)),
            Report.objects.filter(Q(reporter__in=users) | Q(review__in=reviews)),
            reviews,
            Entry.objects.filter(Q(user__in=users) | Q(title__in=titles)),
            TitleStats.objects.filter(title__in=titles),
            Title.tags.through.objects.filter(title__in=titles),
            Title.content_notes.through.objects.filter(title__in=titles),
            ListEntry.objects.filter(title__in=titles),
            titles,
            users,
        ]
        with transaction.atomic():
            for queryset in deletions:
                queryset._raw_delete(queryset.db)
        self.stdout.write("Deleted the earlier demo community.")
