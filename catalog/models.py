import zlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse

from .ratings import CRY_LEVELS, cry_histogram
from .search import fold, search_document, word_pattern
from .validators import validate_cover

MIN_YEAR = 1900
MAX_YEAR = 2100


class TagManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Tag(models.Model):
    class Kind(models.TextChoices):
        GENRE = "genre", "Genre"
        THEME = "theme", "Theme"
        CONTENT_NOTE = "content_note", "Content note"

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
            models.UniqueConstraint(Lower("name"), name="catalog_tag_name_ci_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["genre", "theme", "content_note"]),
                name="catalog_tag_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="catalog_tag_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def is_content_note(self):
        return self.kind == self.Kind.CONTENT_NOTE


class TitleQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def search(self, query):
        """Titles whose names contain every word of ``query``, ignoring case,
        accents and punctuation."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word_pattern(word))
        return qs

    def with_tag(self, tag):
        if tag.is_content_note:
            return self.filter(content_notes=tag)
        return self.filter(tags=tag)

    def in_decade(self, decade):
        return self.filter(year__gte=decade, year__lte=decade + 9)


class Title(models.Model):
    class Format(models.TextChoices):
        TV = "tv", "TV series"
        MOVIE = "movie", "Movie"
        OVA = "ova", "OVA"
        ONA = "ona", "ONA"
        SPECIAL = "special", "Special"
        MUSIC = "music", "Music video"

    slug = models.SlugField(max_length=200, unique=True)
    title_en = models.CharField("English title", max_length=200)
    title_romaji = models.CharField("romaji title", max_length=255, blank=True)
    title_native = models.CharField("native title", max_length=255, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.TV)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of first release."
    )
    episodes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty while unknown or still airing."
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
    mal_id = models.PositiveIntegerField("MyAnimeList id", null=True, blank=True, unique=True)
    anilist_id = models.PositiveIntegerField("AniList id", null=True, blank=True, unique=True)
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
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="catalog_title_slug_not_empty"),
            models.CheckConstraint(
                condition=~Q(title_en=""), name="catalog_title_title_en_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(format__in=["tv", "movie", "ova", "ona", "special", "music"]),
                name="catalog_title_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="catalog_title_year_range",
            ),
            models.CheckConstraint(
                condition=Q(episodes__isnull=True) | Q(episodes__gte=1),
                name="catalog_title_episodes_positive",
            ),
            models.CheckConstraint(
                condition=Q(mal_id__isnull=True) | Q(mal_id__gte=1),
                name="catalog_title_mal_id_positive",
            ),
            models.CheckConstraint(
                condition=Q(anilist_id__isnull=True) | Q(anilist_id__gte=1),
                name="catalog_title_anilist_id_positive",
            ),
        ]

    def __str__(self):
        return self.title_en

    def save(self, *args, **kwargs):
        self.search_text = search_document(self.title_en, self.title_romaji, self.title_native)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:title_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

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
        return zlib.crc32(self.slug.encode()) % 360

    @property
    def initials(self):
        words = [w for w in fold(self.title_en).split() if w not in {"a", "an", "the"}]
        return "".join(w[0] for w in words[:2]).upper() or "?"

    @property
    def mal_url(self):
        return f"https://myanimelist.net/anime/{self.mal_id}" if self.mal_id else ""

    @property
    def anilist_url(self):
        return f"https://anilist.co/anime/{self.anilist_id}" if self.anilist_id else ""


class TitleStats(models.Model):
    """The community's numbers for one title, for the cry meter and rankings.

    Kept by reviews.services in the same transaction as every watchlist
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

    LEVEL_FIELDS = [f"cry_{level}" for level in CRY_LEVELS]

    class Meta:
        verbose_name = "title statistics"
        verbose_name_plural = "title statistics"
        indexes = [
            # Most watched orders by completions; Most tearful starts from the rated titles.
            models.Index(fields=["-completed_count"], name="catalog_stats_completed_idx"),
            models.Index(fields=["cry_count"], name="catalog_stats_cry_count_idx"),
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
            models.CheckConstraint(condition=~Q(slug=""), name="catalog_list_slug_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="catalog_list_name_not_empty"),
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
    position = models.PositiveSmallIntegerField(help_text="1 is the top of the list.")
    note = models.TextField(blank=True, help_text="Why this title is on the list.")

    objects = ListEntryManager()

    class Meta:
        ordering = ["curated_list", "position", "id"]
        verbose_name = "list entry"
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["curated_list", "title"], name="catalog_listentry_title_once_per_list"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="catalog_listentry_position_positive"
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
