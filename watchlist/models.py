from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from catalog.cry_scale import CRY_LEVELS, CryRating, cry_histogram
from catalog.models import Title, TitleFormat

# Typical running times, for an estimate of hours watched: a film counts once
# however many parts MyAnimeList splits it into.
MINUTES_PER_EPISODE = {
    TitleFormat.TV: 24,
    TitleFormat.OVA: 30,
    TitleFormat.ONA: 15,
    TitleFormat.SPECIAL: 20,
    TitleFormat.MUSIC: 4,
    TitleFormat.UNKNOWN: 24,
}
MINUTES_PER_MOVIE = 105


class EntryQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def started(self):
        """Entries past Plan to watch: what rating and reviewing a title need."""
        return self.exclude(status=EntryStatus.PLAN_TO_WATCH)

    def has_started(self, *, user, title):
        """Whether ``user`` has started watching ``title``."""
        return self.started().filter(user=user, title=title).exists()

    def in_status_order(self):
        """Plan to watch, Watching, Completed, On hold, Dropped; each by title."""
        order = Case(
            *(When(status=value, then=Value(i)) for i, value in enumerate(EntryStatus.values)),
            output_field=IntegerField(),
        )
        return self.order_by(order, "title__title_en", "pk")

    def summary(self):
        """These entries' numbers, in one query: counts per status, episodes, hours, cry ratings.

        One grouped count (by status, cry rating and format: a few dozen rows) summed up
        here: the twenty-odd filtered aggregates of a single row cost the ORM more to build
        than the database to answer.
        """
        groups = (
            self.order_by()
            .values_list("status", "cry_rating", "title__format")
            .annotate(
                n=Count("pk"),
                episodes=Sum("episodes_watched", default=0),
                started=Count("pk", filter=Q(episodes_watched__gt=0)),
            )
        )
        statuses = dict.fromkeys(EntryStatus.values, 0)
        cries = dict.fromkeys(CRY_LEVELS, 0)
        total = episodes = minutes = cry_sum = 0
        for status, cry, fmt, n, watched, started in groups:
            total += n
            episodes += watched
            statuses[status] = statuses.get(status, 0) + n
            if cry is not None:
                cries[cry] = cries.get(cry, 0) + n
                cry_sum += cry * n
            if fmt == TitleFormat.MOVIE:
                minutes += started * MINUTES_PER_MOVIE
            else:
                minutes += watched * MINUTES_PER_EPISODE.get(fmt, 0)
        cry_count = sum(cries.values())
        return {
            "total": total,
            "statuses": [(label, statuses[value]) for value, label in EntryStatus.choices],
            "completed": statuses[EntryStatus.COMPLETED],
            "episodes": episodes,
            "hours": round(minutes / 60),
            "cry_count": cry_count,
            "cry_mean": cry_sum / cry_count if cry_count else None,
            "histogram": cry_histogram([cries[level] for level in CRY_LEVELS]),
        }

    def title_stats(self, title_ids=None):
        """Title statistics computed afresh from these entries: {title_id: {field: value}}.

        Only titles with at least one entry appear. The reference against
        which the kept statistics (catalog.TitleStats) are checked.
        """
        entries = self if title_ids is None else self.filter(title_id__in=title_ids)
        rows = (
            entries.order_by()
            .values("title_id")
            .annotate(
                cry_count=Count("cry_rating"),
                cry_sum=Sum("cry_rating", default=0),
                completed_count=Count("pk", filter=Q(status=EntryStatus.COMPLETED)),
                **{f"cry_{level}": Count("pk", filter=Q(cry_rating=level)) for level in CRY_LEVELS},
            )
        )
        return {row.pop("title_id"): row for row in rows}


class EntryStatus(models.TextChoices):
    # MyAnimeList's five, so imports can map one to one.
    PLAN_TO_WATCH = "plan_to_watch", "Plan to watch"
    WATCHING = "watching", "Watching"
    COMPLETED = "completed", "Completed"
    ON_HOLD = "on_hold", "On hold"
    DROPPED = "dropped", "Dropped"


class Entry(models.Model):
    """One user's record of one title: status, progress, dates and how hard it hit."""

    Status = EntryStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="entries")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLAN_TO_WATCH)
    episodes_watched = models.PositiveSmallIntegerField(default=0)
    started_on = models.DateField("started", null=True, blank=True)
    finished_on = models.DateField("finished", null=True, blank=True)
    times_rewatched = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(999)]
    )
    cry_rating = models.PositiveSmallIntegerField(
        "how hard it hit you", choices=CryRating.choices, null=True, blank=True
    )
    score = models.PositiveSmallIntegerField(
        "overall score",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message="A score is from 1 to 10."),
            MaxValueValidator(10, message="A score is from 1 to 10."),
        ],
        help_text="Optional, 1 to 10.",
    )
    note = models.TextField("private note", max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "title"],
                name="watchlist_entry_one_per_title",
                violation_error_message="This member already has this title on their watchlist.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EntryStatus.values),
                name="watchlist_entry_status_valid",
                violation_error_message="Choose one of the statuses.",
            ),
            models.CheckConstraint(
                condition=Q(cry_rating__isnull=True) | Q(cry_rating__gte=0, cry_rating__lte=5),
                name="watchlist_entry_cry_rating_range",
                violation_error_message="A cry rating is from 0 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(cry_rating__isnull=True) | ~Q(status=EntryStatus.PLAN_TO_WATCH),
                name="watchlist_entry_cry_rating_needs_a_start",
                violation_error_message="A title planned but not started can't have a cry rating.",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=10),
                name="watchlist_entry_score_range",
                violation_error_message="A score is from 1 to 10.",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(finished_on__isnull=True)
                | Q(finished_on__gte=F("started_on")),
                name="watchlist_entry_finished_after_started",
                violation_error_message="The finish date can't be before the start date.",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status", "-updated_at"], name="watchlist_entry_user_idx"),
            # A member's newest entries whatever their status: the watchlist's default order
            # and a profile's recent activity read their first page from here instead of
            # sorting all of a member's entries (7 ms for a 1,000-entry member), and the
            # activity feed reads the newest few of each member followed
            # (accounts.selectors.activity).
            models.Index(fields=["user", "-updated_at", "-id"], name="watchlist_entry_newest_idx"),
        ]

    def __str__(self):
        return f"{self.user} · {self.title}"

    @property
    def is_started(self):
        return self.status != self.Status.PLAN_TO_WATCH

    def clean(self):
        """Rules that need the title or today's date, with messages for each field.

        Marking a title Completed fills in its episode count.
        """
        errors = {}
        total = self.title.episodes if self.title_id else None
        if self.status == self.Status.COMPLETED and total:
            self.episodes_watched = total
        if self.cry_rating is not None and not self.is_started:
            errors["cry_rating"] = ValidationError(
                "Rate how hard it hit you once you've started watching: "
                "change the status from Plan to watch first.",
                code="rating_before_start",
            )
        if total and self.episodes_watched is not None and self.episodes_watched > total:
            errors["episodes_watched"] = ValidationError(
                "%(title)s has %(total)s episodes; you can't have watched %(watched)s.",
                code="too_many_episodes",
                params={"title": self.title, "total": total, "watched": self.episodes_watched},
            )
        today = timezone.localdate()
        for field in ("started_on", "finished_on"):
            day = getattr(self, field)
            if day and day > today:
                errors[field] = ValidationError(
                    "%(day)s is in the future.", code="future_date", params={"day": day}
                )
        if (
            self.started_on
            and self.finished_on
            and self.finished_on < self.started_on
            and "finished_on" not in errors
        ):
            errors["finished_on"] = ValidationError(
                "You can't finish (%(finished)s) before you started (%(started)s).",
                code="finished_before_started",
                params={"finished": self.finished_on, "started": self.started_on},
            )
        if errors:
            raise ValidationError(errors)


class ImportPolicy(models.TextChoices):
    """What an import does with a title already on the member's watchlist."""

    KEEP_MINE = "keep", "Keep mine: leave those entries as they are"
    TAKE_FILE = "take", "Take the file's: status, progress, dates, score and note from the file"
    FILL_EMPTY = "fill", "Only fill what's empty in mine"


class ImportBatch(models.Model):
    """One uploaded MyAnimeList export, between its preview and its import.

    The parsed rows wait here, not in the session, so the preview and the import read
    the same rows, and a second confirmation of the same batch (a double click) finds it
    done instead of importing twice.
    """

    class State(models.TextChoices):
        PREVIEW = "preview", "Waiting for the member's go-ahead"
        DONE = "done", "Imported"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    file_name = models.CharField(max_length=255, blank=True)
    rows = models.JSONField(default=list, help_text="The file's entries, as parsed.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    policy = models.CharField(max_length=10, choices=ImportPolicy.choices, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"{self.user}'s import of {self.file_name or 'a MyAnimeList export'}"


class MissingTitle(models.Model):
    """A MyAnimeList title members imported that the catalog doesn't have (yet)."""

    mal_id = models.PositiveIntegerField("MyAnimeList id", primary_key=True)
    name = models.CharField(max_length=255)
    first_requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} (MyAnimeList #{self.mal_id})"

    @property
    def mal_url(self):
        return f"https://myanimelist.net/anime/{self.mal_id}"


class UnmatchedEntry(models.Model):
    """A member's imported entry that matched no title, kept so it stays visible."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unmatched_entries"
    )
    missing_title = models.ForeignKey(
        MissingTitle, on_delete=models.CASCADE, related_name="unmatched_entries"
    )
    status = models.CharField(max_length=20, choices=EntryStatus.choices)
    episodes_watched = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["missing_title__name"]
        verbose_name_plural = "unmatched entries"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "missing_title"], name="watchlist_unmatched_once_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.missing_title}"
