import functools
import zlib
from fractions import Fraction

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Lower
from django.urls import get_script_prefix, get_urlconf, reverse

from .cry_scale import CRY_LEVELS, cry_histogram
from .search import fold, search_document, word_pattern
from .validators import validate_cover

MIN_YEAR = 1900
MAX_YEAR = 2100
TAG_NAME_TAKEN = "There is already a tag with this name (capital letters aside)."
YEAR_MESSAGE = f"Give a year from {MIN_YEAR} to {MAX_YEAR}."
POSITION_MESSAGE = "Positions start at 1, the top of the list."
EPISODES_MESSAGE = "A title has at least 1 episode: leave it empty while unknown."


class TagManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class TagKind(models.TextChoices):
    GENRE = "genre", "Genre"
    THEME = "theme", "Theme"
    CONTENT_NOTE = "content_note", "Content note"


class Tag(models.Model):
    Kind = TagKind

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GENRE)
    description = models.CharField(
        max_length=200, blank=True, help_text="Shown as a hint where the tag appears."
    )

    objects = TagManager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="catalog_tag_name_ci_unique",
                violation_error_message=TAG_NAME_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TagKind.values),
                name="catalog_tag_kind_valid",
                violation_error_message="Choose one of the kinds.",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="catalog_tag_slug_not_empty",
                violation_error_message="Give the tag a slug.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def is_content_note(self):
        return self.kind == self.Kind.CONTENT_NOTE


# A title's v and S as floats, for arithmetic in double precision on every database.
_VOTES = Cast("statistics__cry_count", FloatField())
_SUM = Cast("statistics__cry_sum", FloatField())


def _weighted(m, c):
    """Most tearful's weighted score as a SQL expression (see TitleQuerySet.tearful)."""
    if m < 0:
        raise ValueError(f"m must be 0 or more, not {m}.")
    c = Fraction(c or 0)
    q = Value(float(c.denominator), output_field=FloatField())
    mp = Value(float(m * c.numerator), output_field=FloatField())
    return (_SUM * q + mp) / ((_VOTES + Value(float(m), output_field=FloatField())) * q)


@functools.lru_cache(maxsize=16)
def _title_url_parts(prefix, urlconf):
    """The title page's URL around its slug, reversed once per script prefix and URLconf:
    every list shows a title link or two per row, and reverse() costs tens of microseconds.
    (Slugs are URL-safe already, as reverse() would leave them.)"""
    marker = "title-slug-marker"
    before, after = reverse("catalog:title_detail", args=[marker], urlconf=urlconf).split(marker)
    return before, after


class TitleQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def matching(self, query):
        """The titles search() finds for ``query``, unordered and unannotated (so they
        combine with other querysets, as the admin's search does)."""
        words = fold(query).split()
        if not words:
            return self
        condition = self._every_word(words)
        if connections[self.db].vendor == "postgresql":
            condition |= Q(search_text__trigram_word_similar=" ".join(words))
        return self.filter(condition)

    def search(self, query):
        """Titles matching ``query`` in any of their names, best matches first.

        Case, accents and punctuation are ignored (catalog.search.fold). Every
        database finds the titles having each query word at the start of a word
        of their names. PostgreSQL also finds near misses through pg_trgm's word
        similarity ("stiens gate", "clanad"), answered from the trigram index on
        the folded names. Ordered by match quality: a whole name, then the start
        of a name, then every word, then fuzzy (most similar first); then the
        most popular.
        """
        words = fold(query).split()
        if not words:
            return self
        phrase = " ".join(words)
        # "|" + the names + " |": each name sits between "| " and " |".
        names = Concat(Value("|"), "search_text", Value(" |"), output_field=models.TextField())
        quality = Case(
            When(Q(_names__contains=f"| {phrase} |"), then=Value(0)),
            When(Q(_names__contains=f"| {phrase}"), then=Value(1)),
            When(self._every_word(words), then=Value(2)),
            default=Value(3),
        )
        qs = self.matching(query).alias(_names=names).annotate(match_quality=quality)
        order = ["match_quality"]
        if connections[self.db].vendor == "postgresql":
            qs = qs.annotate(similarity=self._word_similarity(phrase))
            order.append(F("similarity").desc())
        return qs.order_by(*order, F("popularity").desc(), "title_en", "pk")

    @staticmethod
    def _word_similarity(phrase):
        """pg_trgm's word similarity of ``phrase`` to a title's names, as search() orders by.

        word_similarity() is slow (about 50 µs a title: 20 ms for a search finding 400), so
        where a name holds the whole phrase word for word, which makes it 1 (the most), it
        is 1 without the call. Only for phrases of ASCII letters and digits, whose words
        pg_trgm splits as the folded names do.
        """
        similarity = TrigramWordSimilarity(Value(phrase), "search_text")
        if not phrase.isascii():
            return similarity
        whole = Q(search_text__contains=f" {phrase} ") | Q(search_text__endswith=f" {phrase}")
        return Case(When(whole, then=Value(1.0)), default=similarity, output_field=FloatField())

    @staticmethod
    def _every_word(words):
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word_pattern(word))
        return condition

    def with_tag(self, tag):
        """Titles with ``tag`` (a genre, theme or content note); chained, all of them."""
        through = (Title.content_notes if tag.is_content_note else Title.tags).through
        return self.filter(Exists(through.objects.filter(title_id=OuterRef("pk"), tag=tag)))

    def without_tags(self, tags):
        """Titles with none of ``tags``, genres, themes and content notes alike."""
        return self.exclude(
            Exists(Title.tags.through.objects.filter(title_id=OuterRef("pk"), tag__in=tags))
        ).exclude(
            Exists(
                Title.content_notes.through.objects.filter(title_id=OuterRef("pk"), tag__in=tags)
            )
        )

    def by_cry_rating(self):
        """Highest mean cry rating first (more ratings first among equals); unrated last."""
        return self.annotate(
            cry_mean=Case(When(statistics__cry_count__gt=0, then=_SUM / _VOTES), default=None)
        ).order_by(
            F("cry_mean").desc(nulls_last=True),
            F("statistics__cry_count").desc(nulls_last=True),
            F("popularity").desc(),
            "title_en",
            "pk",
        )

    def in_decade(self, decade):
        return self.filter(year__gte=decade, year__lte=decade + 9)

    def tearful(self, *, m, c):
        """The rated titles, most tearful first: a Bayesian average of the cry ratings.

            weighted = (v·R + m·C) / (v + m)

        with R a title's mean cry rating, v its number of cry ratings, C the
        mean of every cry rating on the site (``c``, from
        TitleStats.objects.site_cry_mean(), best passed as that Fraction; None
        before any rating counts as 0) and ``m`` a setting
        (SADLIST_RANKING_M). Since v·R is the title's cry sum S and C = p/q,
        the score is computed in SQL as (S·q + m·p) / ((v + m)·q) in double
        precision: every product and sum there is of whole numbers well below
        2**53, so exact, and the one division is correctly rounded. Two titles
        with the same score as fractions get the very same float, so exact ties
        always fall to the tie-breakers (more ratings first, then English
        title, then id), never to float noise.

        Each title is annotated with ``cry_votes`` (v), ``cry_mean`` (R, a
        float) and ``weighted``. Titles without a cry rating are left out. One
        query whatever the number of titles.
        """
        return (
            self.filter(statistics__cry_count__gt=0)
            .annotate(
                cry_votes=F("statistics__cry_count"),
                cry_mean=_SUM / _VOTES,
                weighted=_weighted(m, c),
            )
            .order_by(F("weighted").desc(), F("cry_votes").desc(), "title_en", "pk")
        )

    def tearful_stored(self, *, m, c):
        """tearful(m=, c=) read from the stored ranks (TitleStats.tearful_rank): the same
        titles, annotations and order, read from the rank's index rather than sorted.

        Only right while RankingSnapshot holds this ``m`` (and then its C is ``c``):
        catalog.selectors.tearful_ranking decides.
        """
        return (
            self.filter(statistics__tearful_rank__isnull=False)
            .annotate(
                cry_votes=F("statistics__cry_count"),
                cry_mean=_SUM / _VOTES,
                weighted=_weighted(m, c),
            )
            .order_by("statistics__tearful_rank")
        )

    def tearful_rank(self, title, *, m, c):
        """``title``'s 1-based place in this Most tearful ranking, or None if unrated.

        The same expressions and tie-breakers as tearful(), counted in one
        query: the titles ranked above it, plus one.
        """
        ranked = self.tearful(m=m, c=c).order_by()
        me = ranked.filter(pk=title.pk)
        weighted = Subquery(me.values("weighted")[:1])
        votes = Subquery(me.values("cry_votes")[:1])
        name = Subquery(me.values("title_en")[:1])
        ahead = (
            Q(weighted__gt=weighted)
            | Q(weighted=weighted, cry_votes__gt=votes)
            | Q(weighted=weighted, cry_votes=votes, title_en__lt=name)
            | Q(weighted=weighted, cry_votes=votes, title_en=name, pk__lt=title.pk)
        )
        counts = ranked.aggregate(
            ahead=Count("pk", filter=ahead), found=Count("pk", filter=Q(pk=title.pk))
        )
        return counts["ahead"] + 1 if counts["found"] else None

    def most_watched(self):
        """The titles someone completed, most completed first.

        Annotated with ``completed`` (the number of members who completed the
        title); ties by English title, then id.
        """
        return (
            self.filter(statistics__completed_count__gt=0)
            .annotate(completed=F("statistics__completed_count"))
            .order_by("-completed", "title_en", "pk")
        )


class TitleFormat(models.TextChoices):
    TV = "tv", "TV series"
    MOVIE = "movie", "Movie"
    OVA = "ova", "OVA"
    ONA = "ona", "ONA"
    SPECIAL = "special", "Special"
    MUSIC = "music", "Music video"
    # The open databases list some titles without a known format.
    UNKNOWN = "unknown", "Unknown format"


def placeholder_hue(slug):
    """A stable hue (0-359) for the generated cover of the title at ``slug``."""
    return zlib.crc32(slug.encode()) % 360


@functools.lru_cache(maxsize=20_000)
def initials(name):
    """The first letters of a title's first two words (articles aside), for its placeholder
    cover: "Grave of the Fireflies" -> "GO". Kept per name: folding a name costs more than
    the rest of a watchlist row (issue 16), and a catalog holds a few thousand names."""
    words = [w for w in fold(name).split() if w not in {"a", "an", "the"}]
    return "".join(w[0] for w in words[:2]).upper() or "?"


class Title(models.Model):
    Format = TitleFormat

    slug = models.SlugField(max_length=200, unique=True)
    title_en = models.CharField("English title", max_length=200)
    title_romaji = models.CharField("romaji title", max_length=255, blank=True)
    title_native = models.CharField("native title", max_length=255, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.TV)
    # Each constraint below also has its rule here, as validators: a form then shows the
    # message at the field and the admin's input gets min/max (sadlist.limits).
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MIN_YEAR, message=YEAR_MESSAGE),
            MaxValueValidator(MAX_YEAR, message=YEAR_MESSAGE),
        ],
        help_text=f"Year of first release, {MIN_YEAR} to {MAX_YEAR}.",
    )
    episodes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=EPISODES_MESSAGE)],
        help_text="Leave empty while unknown or still airing.",
    )
    studio = models.CharField(max_length=200, blank=True)
    synopsis = models.TextField(blank=True)
    cover = models.ImageField(
        upload_to="covers/",
        blank=True,
        validators=[validate_cover],
        help_text="PNG, JPEG, GIF or WebP; at most 5 MB.",
    )
    tags = models.ManyToManyField(
        Tag,
        blank=True,
        related_name="titles",
        limit_choices_to=~Q(kind=Tag.Kind.CONTENT_NOTE),
        help_text="Genres and themes.",
    )
    content_notes = models.ManyToManyField(
        Tag,
        blank=True,
        related_name="noted_titles",
        limit_choices_to={"kind": Tag.Kind.CONTENT_NOTE},
        help_text="What a viewer may want to know before watching.",
    )
    other_titles = models.TextField(
        blank=True,
        help_text="Other names the title is known by (synonyms, abbreviations), one per line; "
        "search finds the title by any of them.",
    )
    mal_id = models.PositiveIntegerField(
        "MyAnimeList id",
        null=True,
        blank=True,
        unique=True,
        validators=[MinValueValidator(1, message="MyAnimeList ids start at 1.")],
    )
    anilist_id = models.PositiveIntegerField(
        "AniList id",
        null=True,
        blank=True,
        unique=True,
        validators=[MinValueValidator(1, message="AniList ids start at 1.")],
    )
    popularity = models.PositiveIntegerField(
        default=0,
        help_text="How many people list the title on MyAnimeList (its members count), "
        "from the catalog imports; orders the catalog and search results.",
    )
    picture_url = models.URLField(
        "picture URL",
        max_length=500,
        blank=True,
        help_text="Where the open anime database has the title's picture.",
    )
    # manage.py fetch_covers: when it last tried picture_url, and why it gave up on it (a
    # refused host, a 404, not an image); a recorded failure is skipped until --retry-failed.
    cover_fetched_at = models.DateTimeField(
        "cover last fetched", null=True, blank=True, editable=False
    )
    cover_fetch_error = models.CharField(
        "why the cover could not be fetched",
        max_length=300,
        blank=True,
        editable=False,
        db_default="",  # so bulk loads (seed_demo's COPY) that don't name it still work
    )
    # The importable fields a curator set (in the admin or the article), which imports
    # never overwrite: catalog.importing reads it, TitleAdmin.save_model adds to it.
    curated_fields = models.JSONField(default=list, blank=True, editable=False)
    # All names folded by catalog.search.fold, kept in step by save().
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TitleQuerySet.as_manager()

    class Meta:
        ordering = ["title_en"]
        indexes = [
            models.Index(fields=["title_en"], name="catalog_title_title_en_idx"),
            models.Index(fields=["year", "title_en"], name="catalog_title_year_idx"),
            # The catalog's default order, most popular first.
            models.Index(F("popularity").desc(), "title_en", name="catalog_title_popularity_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="catalog_title_slug_not_empty",
                violation_error_message="Give the title a slug.",
            ),
            models.CheckConstraint(
                condition=~Q(title_en=""),
                name="catalog_title_title_en_not_empty",
                violation_error_message="Give the title an English title.",
            ),
            models.CheckConstraint(
                condition=Q(format__in=TitleFormat.values),
                name="catalog_title_format_valid",
                violation_error_message="Choose one of the formats.",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="catalog_title_year_range",
                violation_error_message=YEAR_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(episodes__isnull=True) | Q(episodes__gte=1),
                name="catalog_title_episodes_positive",
                violation_error_message=EPISODES_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(mal_id__isnull=True) | Q(mal_id__gte=1),
                name="catalog_title_mal_id_positive",
                violation_error_message="MyAnimeList ids start at 1.",
            ),
            models.CheckConstraint(
                condition=Q(anilist_id__isnull=True) | Q(anilist_id__gte=1),
                name="catalog_title_anilist_id_positive",
                violation_error_message="AniList ids start at 1.",
            ),
        ]

    def __str__(self):
        return self.title_en

    def save(self, *args, **kwargs):
        self.search_text = search_document(*self.names)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        before, after = _title_url_parts(get_script_prefix(), get_urlconf())
        return f"{before}{self.slug}{after}"

    def natural_key(self):
        return (self.slug,)

    @property
    def names(self):
        """Every name of the title, the English one first: what search looks through."""
        return [self.title_en, self.title_romaji, self.title_native, *self.other_title_list]

    @property
    def other_title_list(self):
        return [line.strip() for line in self.other_titles.splitlines() if line.strip()]

    @property
    def alternative_titles(self):
        """The romaji and native titles that differ from the English one."""
        names = []
        for name in (self.title_romaji, self.title_native):
            if name and name != self.title_en and name not in names:
                names.append(name)
        return names

    @property
    def stats(self):
        """The community's numbers for this title (all zero before any entry)."""
        try:
            return self.statistics
        except TitleStats.DoesNotExist:
            return TitleStats(title=self)

    @property
    def placeholder_hue(self):
        """A stable hue for the generated cover of a title without one."""
        return placeholder_hue(self.slug)

    @property
    def placeholder_hue_step(self):
        """placeholder_hue in twelve steps, for the row placeholder's CSS class (cover-hue-N)."""
        return self.placeholder_hue // 30

    @property
    def initials(self):
        return initials(self.title_en)

    @property
    def mal_url(self):
        return f"https://myanimelist.net/anime/{self.mal_id}" if self.mal_id else ""

    @property
    def anilist_url(self):
        return f"https://anilist.co/anime/{self.anilist_id}" if self.anilist_id else ""


class CatalogImport(models.Model):
    """One catalog import that was saved (manage.py import_titles, load_catalog).

    load_catalog looks here to load the committed catalog once only.
    """

    source = models.CharField(max_length=255, help_text="The file's name.")
    sha256 = models.CharField("SHA-256 of the file", max_length=64, db_index=True)
    file_format = models.CharField(max_length=40)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.source} ({self.created_at:%Y-%m-%d})"


class TitleStatsQuerySet(models.QuerySet):
    def site_cry_mean(self):
        """C: the mean of every cry rating on the site, as an exact Fraction.

        None while no one has rated anything. One aggregate query over the
        title statistics, not a scan of the entries.
        """
        totals = self.aggregate(total=Sum("cry_sum"), count=Sum("cry_count"))
        if not totals["count"]:
            return None
        return Fraction(totals["total"], totals["count"])


class TitleStats(models.Model):
    """The community's numbers for one title, for the cry meter and rankings.

    Kept by watchlist.services in the same transaction as every watchlist
    write, never by hand; a separate row so that editing or reloading a title
    can't overwrite them.
    """

    title = models.OneToOneField(
        Title, on_delete=models.CASCADE, primary_key=True, related_name="statistics"
    )
    cry_count = models.PositiveIntegerField(default=0)
    cry_sum = models.PositiveIntegerField(default=0)
    cry_0 = models.PositiveIntegerField(default=0)
    cry_1 = models.PositiveIntegerField(default=0)
    cry_2 = models.PositiveIntegerField(default=0)
    cry_3 = models.PositiveIntegerField(default=0)
    cry_4 = models.PositiveIntegerField(default=0)
    cry_5 = models.PositiveIntegerField(default=0)
    completed_count = models.PositiveIntegerField(default=0)
    # The title's place in Most tearful (1 = most tearful), None while unrated: kept by
    # catalog.services.tearful_ranks_refresh in the same transaction as every rating write,
    # with the m and C of RankingSnapshot, so a title page reads its rank as a column and
    # the ranking reads one page of this index.
    tearful_rank = models.PositiveIntegerField(null=True, blank=True, editable=False)

    LEVEL_FIELDS = [f"cry_{level}" for level in CRY_LEVELS]
    # Every kept number, in one order: what a recount compares and a bulk load writes.
    STAT_FIELDS = ["cry_count", "cry_sum", *LEVEL_FIELDS, "completed_count"]

    objects = TitleStatsQuerySet.as_manager()

    class Meta:
        verbose_name = "title statistics"
        verbose_name_plural = "title statistics"
        indexes = [
            # Most watched orders by completions; Most tearful starts from the rated titles.
            models.Index(fields=["-completed_count"], name="catalog_stats_completed_idx"),
            models.Index(fields=["cry_count"], name="catalog_stats_cry_count_idx"),
            models.Index(fields=["tearful_rank"], name="catalog_stats_tearful_rank_idx"),
        ]
        constraints = [
            # The histogram, the count and the sum always agree.
            models.CheckConstraint(
                condition=Q(
                    cry_count=F("cry_0")
                    + F("cry_1")
                    + F("cry_2")
                    + F("cry_3")
                    + F("cry_4")
                    + F("cry_5")
                ),
                name="catalog_titlestats_count_matches_levels",
            ),
            models.CheckConstraint(
                condition=Q(
                    cry_sum=F("cry_1")
                    + 2 * F("cry_2")
                    + 3 * F("cry_3")
                    + 4 * F("cry_4")
                    + 5 * F("cry_5")
                ),
                name="catalog_titlestats_sum_matches_levels",
            ),
        ]

    def __str__(self):
        return f"Statistics of {self.title}"

    @property
    def cry_mean(self):
        """The mean cry rating, or None before anyone rated the title."""
        return self.cry_sum / self.cry_count if self.cry_count else None

    @property
    def levels(self):
        return [getattr(self, field) for field in self.LEVEL_FIELDS]

    @property
    def histogram(self):
        return cry_histogram(self.levels)


class RankingSnapshot(models.Model):
    """What the stored tearful ranks (TitleStats.tearful_rank) were computed with: m and
    the site's cry totals, so C = cry_sum / cry_count. One row.

    catalog.services.tearful_ranks_refresh rewrites it with the ranks, in the same
    transaction as the rating that moved them; its row lock also puts concurrent rating
    writes one after another, so two of them never rank from different data. The pages
    use the stored ranks only while its m is the configured one (a changed
    SADLIST_RANKING_M is ranked live until the next rating or recompute_stats).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    m = models.PositiveIntegerField(null=True)
    cry_count = models.PositiveBigIntegerField(default=0)
    cry_sum = models.PositiveBigIntegerField(default=0)
    # How many titles are ranked (the last rank): the unfiltered ranking's page count.
    ranked_titles = models.PositiveIntegerField(default=0)
    ranked_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="catalog_ranking_one_row")]

    def __str__(self):
        return f"Most tearful as of {self.ranked_at}"

    @property
    def c(self):
        """C, the site mean cry rating, as an exact Fraction (None before any rating)."""
        return Fraction(self.cry_sum, self.cry_count) if self.cry_count else None


class CuratedListQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        return self.filter(is_published=True)


class CuratedList(models.Model):
    """A staff-made, ordered list of titles; the article is the first."""

    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source_name = models.CharField(
        max_length=200, blank=True, help_text="Where the list comes from, credited on its page."
    )
    source_url = models.URLField("source URL", blank=True)
    is_published = models.BooleanField(
        default=True, help_text="Unpublished lists are hidden from visitors."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    titles = models.ManyToManyField(Title, through="ListEntry", related_name="curated_lists")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CuratedListQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="catalog_list_slug_not_empty",
                violation_error_message="Give the list a slug.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="catalog_list_name_not_empty",
                violation_error_message="Give the list a name.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:list_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class ListEntryManager(models.Manager):
    def get_by_natural_key(self, list_slug, title_slug):
        return self.get(curated_list__slug=list_slug, title__slug=title_slug)


class ListEntry(models.Model):
    curated_list = models.ForeignKey(CuratedList, on_delete=models.CASCADE, related_name="entries")
    # Deleting a title takes it off every list; the admin's confirmation page shows which.
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="list_entries")
    position = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1, message=POSITION_MESSAGE)],
        help_text="1 is the top of the list; drag the rows to reorder them.",
    )
    note = models.TextField(blank=True, help_text="Why this title is on the list.")

    objects = ListEntryManager()

    class Meta:
        ordering = ["curated_list", "position", "id"]
        verbose_name = "list entry"
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["curated_list", "title"],
                name="catalog_listentry_title_once_per_list",
                violation_error_message="This title is already on the list.",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="catalog_listentry_position_positive",
                violation_error_message=POSITION_MESSAGE,
            ),
        ]
        indexes = [
            models.Index(fields=["curated_list", "position"], name="catalog_listentry_order_idx")
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def natural_key(self):
        return (self.curated_list.slug, self.title.slug)

    natural_key.dependencies = ["catalog.curatedlist", "catalog.title"]
