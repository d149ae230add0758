"""What ``manage.py build_forecasts`` learns from everyone's cry ratings, and who opted out.

The learnt tables hold aggregates only (a title's baseline, a pair of titles' similarity and
how many members rated both), never a member's own rating: each member's forecast is
computed on request from their own ratings and these tables (forecast.selectors).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from catalog.models import Title


class TitleBaseline(models.Model):
    """A title's expected cry rating before knowing who watches it: the site's mean cry
    rating plus the title's regularised bias (forecast.maths.fit_baseline)."""

    title = models.OneToOneField(
        Title, on_delete=models.CASCADE, primary_key=True, related_name="forecast_baseline"
    )
    baseline = models.FloatField()
    ratings = models.PositiveIntegerField(help_text="Cry ratings it was learnt from.")

    class Meta:
        verbose_name = "title baseline"

    def __str__(self):
        return f"{self.title}: {self.baseline:.2f}"


class TitleNeighbourQuerySet(models.QuerySet):
    def shown(self):
        """Pairs that may be shown or used: resting on at least
        SADLIST_FORECAST_MIN_CORATERS members, so that no one member's rating can be
        read back from a pair (the setting applies at once, before the next rebuild)."""
        return self.filter(corated__gte=settings.SADLIST_FORECAST_MIN_CORATERS)


class TitleNeighbour(models.Model):
    """``neighbour`` is one of the titles most similar to ``title`` in how members cried."""

    # No single-column indexes: the unique (title, neighbour) and the neighbour-first
    # index below serve both lookups, and each index slows build_forecasts' COPY.
    title = models.ForeignKey(
        Title, on_delete=models.CASCADE, related_name="forecast_neighbours", db_index=False
    )
    neighbour = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="+", db_index=False)
    similarity = models.FloatField(help_text="Shrunk correlation of cry ratings, 0 to 1.")
    corated = models.PositiveIntegerField(help_text="Members who rated both.")
    # ``title``'s TitleBaseline.baseline, copied: a member's forecast reads thousands of
    # these rows, and the two joins to fetch it cost more than the rows themselves.
    title_baseline = models.FloatField()

    objects = TitleNeighbourQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["title", "neighbour"], name="forecast_neighbour_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(title=F("neighbour")), name="forecast_neighbour_not_itself"
            ),
            models.CheckConstraint(
                condition=Q(similarity__gt=0, similarity__lte=1),
                name="forecast_neighbour_similarity_range",
            ),
        ]
        indexes = [
            # A member's forecast starts from the titles they rated: whose neighbours are they?
            # Every column the forecast reads, so PostgreSQL answers from the index alone
            # (an index-only scan) instead of visiting ~1,700 table pages for a member
            # with 100 ratings: /forecast/'s ranking query 17.6 -> 12 ms at full size.
            models.Index(
                fields=["neighbour", "corated", "title", "similarity", "title_baseline"],
                name="forecast_neighbour_read_idx",
            ),
            # The forecasts a page shows, and a title page's similar titles: which of these
            # few titles' pairs link them to the member's titles? Read title first, from the
            # index alone; through the neighbour-first index above the forecast page read
            # every pair of the member's titles again (7,900 for 100 ratings: 1.2-2 ms ->
            # 0.35-0.4 ms at full size).
            models.Index(
                fields=["title", "corated", "neighbour", "similarity", "title_baseline"],
                name="forecast_neighbour_title_idx",
            ),
        ]

    def __str__(self):
        return f"{self.title} ~ {self.neighbour} ({self.similarity:.2f}, {self.corated})"


class ForecastBuild(models.Model):
    """One run of build_forecasts: when, from how much, and how long it took."""

    built_at = models.DateTimeField(auto_now_add=True)
    mean = models.FloatField(help_text="The mean cry rating it learnt from.")
    members = models.PositiveIntegerField()
    titles = models.PositiveIntegerField()
    ratings = models.PositiveIntegerField()
    pairs = models.PositiveIntegerField(help_text="Similar title pairs kept.")
    seconds = models.FloatField()

    class Meta:
        get_latest_by = "built_at"
        ordering = ["-built_at"]

    def __str__(self):
        return f"Forecast built at {self.built_at:%Y-%m-%d %H:%M}"


class ForecastPreference(models.Model):
    """A member's choice about their ratings and other members' forecasts.

    No row means the default: their ratings count (as aggregates) in others' forecasts.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="forecast_preference",
    )
    share_ratings = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: {'shares' if self.share_ratings else 'keeps'} ratings"


class MemberRanking(models.Model):
    """A member's forecast ranking as last worked out: the ids of the titles forecast for
    them, best first (selectors.member_forecast).

    Derived, never a source: ``basis`` is a digest of everything the ranking rests on (the
    member's cry ratings, the build it was learnt from, the forecast's settings, the code),
    and a ranking whose basis no longer matches is worked out again, so every way a rating
    changes (a form, an import, the admin, a deletion) is seen at the next read. Kept so
    that a member's forecast pages read one row instead of aggregating thousands of learnt
    pairs on each of them.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="forecast_ranking",
    )
    basis = models.CharField(max_length=64)
    title_ids = models.JSONField(default=list)
    ranked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "member's forecast ranking"

    def __str__(self):
        return f"{self.user}: {len(self.title_ids)} forecasts"
