"""Writes to the catalog that touch many rows: importing titles from catalog files, and
keeping every title's place in Most tearful."""

from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.text import slugify

from sadlist.caching import catalog_changed

from .models import CatalogImport, RankingSnapshot, Tag, Title, TitleFormat, TitleStats
from .search import fold, search_document
from .tag_map import SITE_TAGS, site_tags

# The facts an import brings, each overwritten from the file unless a curator set it
# (Title.curated_fields). Ids are only ever filled in, names only ever added.
IMPORTED_FACTS = ["title_en", "format", "year", "episodes", "studio", "popularity", "picture_url"]
# Every field a curator's edit protects from imports (TitleAdmin.save_model records them).
IMPORTABLE_FIELDS = [*IMPORTED_FACTS, "other_titles", "tags", "mal_id", "anilist_id"]
BATCH = 1000
SEARCH_INDEX = "catalog_title_search_trgm"  # made by migration 0004 on PostgreSQL
SLUG_LENGTH = 180
_ROW_FIELDS = [
    "pk",
    "slug",
    "title_en",
    "title_romaji",
    "title_native",
    "other_titles",
    "mal_id",
    "anilist_id",
    "curated_fields",
    *IMPORTED_FACTS[1:],
]


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # (where, reason)
    saved: bool = False

    @property
    def counts(self):
        return (self.added, self.updated, self.unchanged, len(self.skipped))


def titles_import(
    *,
    records,
    source,
    sha256="",
    file_format="",
    dry_run=False,
    include_adult=False,
    progress=iter,
):
    """Add and refresh titles from ``records`` (catalog.importing.Record), in one transaction.

    A record matches a title by MyAnimeList id, then AniList id; one that matches none
    becomes a title. On a match, the facts a curator set (Title.curated_fields) are kept
    and the others take the file's value where the file has one; missing ids are filled
    in; the file's names become alternative titles and its tags, through the reviewed
    table in catalog.tag_map, are added. Importing the same records twice changes
    nothing the second time. Adult titles (Hentai) are skipped unless ``include_adult``.
    ``dry_run`` works everything out and saves nothing. ``progress`` wraps the records
    (a progress bar). The import is recorded as a CatalogImport unless it is a dry run.
    """
    with transaction.atomic():
        report = _Import(include_adult=include_adult).run(progress(records))
        if dry_run:
            transaction.set_rollback(True)
        else:
            _tidy_search_index()
            catalog_changed()  # bulk writes: no signal tells the cached shared parts
            if report.updated:
                tearful_ranks_refresh()  # a renamed title may move among equal scores
            CatalogImport.objects.create(
                source=source[:255],
                sha256=sha256,
                file_format=file_format[:40],
                added=report.added,
                updated=report.updated,
                unchanged=report.unchanged,
                skipped=len(report.skipped),
            )
            report.saved = True
    return report


class _Import:
    def __init__(self, *, include_adult):
        self.include_adult = include_adult
        self.report = ImportReport()
        self.rows = {row["pk"]: row for row in Title.objects.values(*_ROW_FIELDS)}
        self.by_mal = {r["mal_id"]: pk for pk, r in self.rows.items() if r["mal_id"]}
        self.by_anilist = {r["anilist_id"]: pk for pk, r in self.rows.items() if r["anilist_id"]}
        self.slugs = {row["slug"] for row in self.rows.values()}
        self.links = set(Title.tags.through.objects.values_list("title_id", "tag__slug"))
        self.seen_mal = {}
        self.seen_anilist = {}
        self.new = []  # (Title, [tag slugs])
        self.changes = {}  # pk -> {field: value}
        self.new_links = []  # (pk, tag slug)

    def run(self, records):
        for record in records:
            reason = self._skip_reason(record)
            if reason:
                self.report.skipped.append((record.line, reason))
                continue
            if record.mal_id:
                self.seen_mal[record.mal_id] = record.line
            if record.anilist_id:
                self.seen_anilist[record.anilist_id] = record.line
            pk = self.by_mal.get(record.mal_id) or self.by_anilist.get(record.anilist_id)
            if pk is None:
                self._add(record)
            else:
                self._refresh(pk, record)
        self._save()
        return self.report

    def _skip_reason(self, record):
        if record.is_adult and not self.include_adult:
            return "an adult title (Hentai); --include-adult imports these"
        if not record.mal_id and not record.anilist_id:
            return "no MyAnimeList or AniList id, so no later import could find it again"
        if record.mal_id in self.seen_mal:
            return f"the same MyAnimeList id ({record.mal_id}) as {self.seen_mal[record.mal_id]}"
        if record.anilist_id in self.seen_anilist:
            first = self.seen_anilist[record.anilist_id]
            return f"the same AniList id ({record.anilist_id}) as {first}"
        by_mal = self.by_mal.get(record.mal_id)
        by_anilist = self.by_anilist.get(record.anilist_id)
        if by_mal and by_anilist and by_mal != by_anilist:
            return (
                f"its MyAnimeList id is «{self.rows[by_mal]['title_en']}»'s and its AniList "
                f"id «{self.rows[by_anilist]['title_en']}»'s; a curator must merge them"
            )
        return None

    # New titles --------------------------------------------------------------------------

    def _add(self, record):
        title = Title(
            slug=self._slug(record),
            title_en=record.title[:200],
            other_titles="\n".join(_new_names([record.title], record.synonyms)),
            format=record.format,
            year=record.year,
            episodes=record.episodes,
            studio=record.studio,
            popularity=record.popularity or 0,
            picture_url=record.picture_url,
            mal_id=record.mal_id,
            anilist_id=record.anilist_id,
        )
        title.search_text = search_document(*title.names)
        self.new.append((title, site_tags(record.tags)))
        if record.mal_id:
            self.by_mal[record.mal_id] = None
        if record.anilist_id:
            self.by_anilist[record.anilist_id] = None
        self.report.added += 1

    def _slug(self, record):
        """A slug from the name, made unique with the title's id: stable for the same file."""
        base = slugify(record.title)[:SLUG_LENGTH].strip("-") or "anime"
        candidates = [base]
        if record.mal_id:
            candidates.append(f"{base}-{record.mal_id}")
        if record.anilist_id:
            candidates.append(f"{base}-anilist-{record.anilist_id}")
        for candidate in candidates:
            if candidate not in self.slugs:
                self.slugs.add(candidate)
                return candidate
        n = 2
        while f"{candidates[-1]}-{n}" in self.slugs:
            n += 1
        self.slugs.add(f"{candidates[-1]}-{n}")
        return f"{candidates[-1]}-{n}"

    # Titles already there ----------------------------------------------------------------

    def _refresh(self, pk, record):
        if pk is None:
            # Matched a title added earlier in this same file: the duplicate checks let
            # this happen only when one id is shared and the other is new; keep the first.
            self.report.unchanged += 1
            return
        row = self.rows[pk]
        curated = set(row["curated_fields"] or [])
        changes = {}
        values = {
            "title_en": record.title[:200],
            "format": "" if record.format == TitleFormat.UNKNOWN else record.format,
            "year": record.year,
            "episodes": record.episodes,
            "studio": record.studio,
            "popularity": record.popularity,
            "picture_url": record.picture_url,
        }
        for name, value in values.items():
            if name not in curated and value not in (None, "") and value != row[name]:
                changes[name] = value
        for name, mapping, value in (
            ("mal_id", self.by_mal, record.mal_id),
            ("anilist_id", self.by_anilist, record.anilist_id),
        ):
            if value and not row[name] and value not in mapping:
                changes[name] = value
                mapping[value] = pk
        if "other_titles" not in curated:
            names = [changes.get("title_en", row["title_en"]), row["title_romaji"]]
            existing = [line for line in row["other_titles"].splitlines() if line.strip()]
            added = _new_names(
                [*names, row["title_native"], *existing], [record.title], record.synonyms
            )
            if added:
                changes["other_titles"] = "\n".join([*existing, *added])
        if "tags" not in curated:
            for slug in site_tags(record.tags):
                if (pk, slug) not in self.links:
                    self.links.add((pk, slug))
                    self.new_links.append((pk, slug))
                    changes.setdefault("tags", True)
        if changes:
            self.changes[pk] = changes
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    # Writing -----------------------------------------------------------------------------

    def _save(self):
        tags = self._tags(
            {slug for _, slugs in self.new for slug in slugs} | {slug for _, slug in self.new_links}
        )
        Title.objects.bulk_create([title for title, _ in self.new], batch_size=BATCH)
        if self.new and self.new[0][0].pk is None:
            # Databases that can't return the new ids: read them back by slug.
            ids = dict(
                Title.objects.filter(slug__in=[t.slug for t, _ in self.new]).values_list(
                    "slug", "pk"
                )
            )
            for title, _ in self.new:
                title.pk = ids[title.slug]
        links = [(title.pk, slug) for title, slugs in self.new for slug in slugs]
        links += self.new_links
        Title.tags.through.objects.bulk_create(
            [Title.tags.through(title_id=pk, tag_id=tags[slug]) for pk, slug in links],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        self._update()

    def _update(self):
        """The changed fields of the changed titles: one UPDATE statement per set of
        changed fields, run for all its titles at once (executemany; pipelined by
        psycopg on PostgreSQL).

        Not bulk_update(): its CASE per column and row took a minute for 11,000 titles
        on PostgreSQL, where these take seconds.
        """
        now = timezone.now()
        groups = {}
        for pk, changes in self.changes.items():
            changes.pop("tags", None)
            row = {**self.rows[pk], **changes}
            title = Title(**{name: row[name] for name in _ROW_FIELDS if name != "curated_fields"})
            values = {**changes, "search_text": search_document(*title.names), "updated_at": now}
            names = tuple(sorted(values))
            groups.setdefault(names, []).append((pk, [values[name] for name in names]))
        quote = connection.ops.quote_name
        for names, rows in groups.items():
            fields = [Title._meta.get_field(name) for name in names]
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
            table, key = quote(Title._meta.db_table), quote(Title._meta.pk.column)
            sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"
            params = [
                [
                    field.get_db_prep_value(value, connection)
                    for field, value in zip(fields, values, strict=True)
                ]
                + [pk]
                for pk, values in rows
            ]
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)

    def _tags(self, slugs):
        """The site tags with these slugs, by slug, created from the table when missing."""
        tags = dict(Tag.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        for slug in sorted(slugs - tags.keys()):
            name, kind = SITE_TAGS[slug]
            tag = Tag.objects.filter(name__iexact=name).exclude(kind=Tag.Kind.CONTENT_NOTE).first()
            if tag is None:
                tag = Tag.objects.create(slug=slug, name=name, kind=kind)
            tags[slug] = tag.pk
        return tags


def _tidy_search_index():
    """After a bulk import on PostgreSQL: merge the trigram index's pending list and
    refresh the planner's statistics, or searches stay ten times slower until the next
    autovacuum. Both run inside the transaction (VACUUM couldn't)."""
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [SEARCH_INDEX])
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Title._meta.db_table)}")
    except DatabaseError:
        pass  # not the index's owner: autovacuum will do it later


def _new_names(known, *lists):
    """The names in ``lists`` that no name in ``known`` already spells (folded), in order."""
    seen = {fold(name) for name in known if name}
    added = []
    for names in lists:
        for name in names:
            folded = fold(name)
            if folded and folded not in seen:
                seen.add(folded)
                added.append(name)
    return added


# Most tearful's stored ranks ---------------------------------------------------------------


def tearful_ranks_lock():
    """Take the ranking's row lock until the transaction ends (call inside one).

    Every write that moves a cry rating takes it before touching any title's statistics,
    then calls tearful_ranks_refresh: the writes rank one after another, each from data
    that includes the others' (PostgreSQL's READ COMMITTED reads afresh per statement),
    and never deadlock on each other's statistics rows.
    """
    RankingSnapshot.objects.get_or_create(pk=1)
    RankingSnapshot.objects.select_for_update().filter(pk=1).first()


def tearful_ranks_refresh():
    """Recompute every title's place in Most tearful (TitleStats.tearful_rank) with the
    current m and C, writing only the places that moved; returns how many did.

    One UPDATE from the same ordering as TitleQuerySet.tearful (so the stored ranks and the
    formula shown with live m and C always agree), numbered by a window function over the
    ~10,000 rated titles: a few milliseconds, in the caller's transaction. A new rating
    moves C and so, in principle, every score; storing the place rather than the score
    means only the titles whose place changed are written.
    """
    m = settings.SADLIST_RANKING_M
    with transaction.atomic():
        tearful_ranks_lock()
        totals = TitleStats.objects.aggregate(count=Sum("cry_count"), total=Sum("cry_sum"))
        count, total = totals["count"] or 0, totals["total"] or 0
        c = Fraction(total, count) if count else None
        ranked = (
            Title.objects.tearful(m=m, c=c)
            .annotate(
                ranked_title=F("pk"),
                place=Window(
                    RowNumber(),
                    order_by=[F("weighted").desc(), F("cry_votes").desc(), "title_en", "pk"],
                ),
            )
            .order_by()
            .values("ranked_title", "place")
        )
        sql, params = ranked.query.sql_with_params()
        stats = TitleStats._meta.db_table
        with connections[TitleStats.objects.db].cursor() as cursor:
            cursor.execute(
                f"UPDATE {stats} SET tearful_rank = ranked.place FROM ({sql}) AS ranked "
                f"WHERE {stats}.title_id = ranked.ranked_title "
                f"AND ({stats}.tearful_rank IS NULL OR {stats}.tearful_rank <> ranked.place)",
                params,
            )
            moved = cursor.rowcount
            cursor.execute(
                f"UPDATE {stats} SET tearful_rank = NULL "
                "WHERE cry_count = 0 AND tearful_rank IS NOT NULL"
            )
            moved += cursor.rowcount
        ranked_titles = TitleStats.objects.filter(cry_count__gt=0).count()
        RankingSnapshot.objects.filter(pk=1).update(
            m=m,
            cry_count=count,
            cry_sum=total,
            ranked_titles=ranked_titles,
            ranked_at=timezone.now(),
        )
    return moved
