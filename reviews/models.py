from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from catalog.models import Title
from catalog.ratings import CryRating


class EntryQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class Entry(models.Model):
    """One user's record of one title: status, progress, dates and how hard it hit."""

    class Status(models.TextChoices):
        # MyAnimeList's five, so imports can map one to one.
        PLAN_TO_WATCH = "plan_to_watch", "Plan to watch"
        WATCHING = "watching", "Watching"
        COMPLETED = "completed", "Completed"
        ON_HOLD = "on_hold", "On hold"
        DROPPED = "dropped", "Dropped"

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
        validators=[MinValueValidator(1), MaxValueValidator(10)],
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
            models.UniqueConstraint(fields=["user", "title"], name="reviews_entry_one_per_title"),
            models.CheckConstraint(
                condition=Q(
                    status__in=["plan_to_watch", "watching", "completed", "on_hold", "dropped"]
                ),
                name="reviews_entry_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(cry_rating__isnull=True) | Q(cry_rating__gte=0, cry_rating__lte=5),
                name="reviews_entry_cry_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(cry_rating__isnull=True) | ~Q(status="plan_to_watch"),
                name="reviews_entry_cry_rating_needs_a_start",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=10),
                name="reviews_entry_score_range",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(finished_on__isnull=True)
                | Q(finished_on__gte=F("started_on")),
                name="reviews_entry_finished_after_started",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status", "-updated_at"], name="reviews_entry_user_idx"),
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


REVIEW_MIN_LENGTH = 50
REVIEW_MAX_LENGTH = 10_000


class ReviewQuerySet(models.QuerySet):
    def visible(self):
        """What visitors see: everything moderators haven't hidden."""
        return self.filter(is_hidden=False)

    def visible_to(self, user):
        """Visible reviews plus, for their author, their own hidden ones."""
        if user.is_authenticated:
            return self.filter(Q(is_hidden=False) | Q(user=user))
        return self.visible()

    def with_voted(self, user):
        """Annotate ``voted``: whether ``user`` marked each review helpful."""
        if not user.is_authenticated:
            return self.annotate(voted=Value(False))
        return self.annotate(
            voted=Exists(HelpfulVote.objects.filter(review=OuterRef("pk"), user=user))
        )

    def most_helpful_first(self):
        return self.order_by("-helpful_count", "-created_at", "-pk")

    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class Review(models.Model):
    """One user's review of one title they have started watching."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="reviews")
    body = models.TextField(
        "review",
        help_text=f"Plain text; blank lines separate paragraphs. "
        f"{REVIEW_MIN_LENGTH} to {REVIEW_MAX_LENGTH:,} characters.",
    )
    contains_spoilers = models.BooleanField(
        "contains spoilers",
        default=False,
        help_text="Readers will see it collapsed until they choose to open it.",
    )
    # Kept by reviews.services with every vote, report and moderation.
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    report_count = models.PositiveIntegerField(default=0, editable=False)
    is_hidden = models.BooleanField("hidden by moderators", default=False)
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "title"],
                name="reviews_review_one_per_title",
                violation_error_message="You have already reviewed this title.",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("body"), REVIEW_MIN_LENGTH)
                & LessThanOrEqual(Length("body"), REVIEW_MAX_LENGTH),
                name="reviews_review_body_length",
            ),
        ]
        indexes = [
            models.Index(
                fields=["title", "is_hidden", "-helpful_count", "-created_at"],
                name="reviews_review_helpful_idx",
            ),
            models.Index(
                fields=["title", "is_hidden", "-created_at"], name="reviews_review_title_new_idx"
            ),
            models.Index(fields=["is_hidden", "-created_at"], name="reviews_review_latest_idx"),
            models.Index(fields=["user", "-created_at"], name="reviews_review_user_idx"),
        ]

    def __str__(self):
        return f"{self.user}'s review of {self.title}"

    def get_absolute_url(self):
        return reverse("reviews:review_detail", args=[self.pk])


class HelpfulVote(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="helpful_votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "user"], name="reviews_helpfulvote_once_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} found {self.review} helpful"


class Report(models.Model):
    class Reason(models.TextChoices):
        SPOILERS = "spoilers", "Spoilers not marked as such"
        HARASSMENT = "harassment", "Harassment or hate"
        SPAM = "spam", "Spam or advertising"
        OFF_TOPIC = "off_topic", "Not about this title"
        OTHER = "other", "Something else"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(
        max_length=1000, blank=True, help_text="Optional: what should moderators look at?"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter"],
                name="reviews_report_once_per_user",
                violation_error_message="You have already reported this review.",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["spoilers", "harassment", "spam", "off_topic", "other"]),
                name="reviews_report_reason_valid",
            ),
        ]

    def __str__(self):
        return f"Report on {self.review}: {self.get_reason_display()}"


class ReportedReview(Review):
    """The moderators' queue in the admin: reviews with open reports."""

    class Meta:
        proxy = True
        verbose_name = "reported review"
        verbose_name_plural = "moderation queue"
