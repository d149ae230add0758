"""Reads of the forecast: a member's forecasts, one title's, similar titles, the starter set.

A member's own ratings are read on every request, so a new rating moves their forecast at
once; what everyone's ratings taught (baselines and similar pairs) comes from the tables
build_forecasts fills. Only pairs resting on at least SADLIST_FORECAST_MIN_CORATERS members
are used or shown, and an explanation only ever names the member's own titles.
"""

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from catalog import selectors as catalog_selectors
from catalog.models import Title
from sadlist.caching import NEIGHBOURS_VERSION_KEY, RANKINGS_VERSION_KEY, code_version
from sadlist.raw_sql import any_of
from watchlist.models import Entry

from . import maths
from .models import (
    ForecastBuild,
    ForecastPreference,
    MemberRanking,
    TitleBaseline,
    TitleNeighbour,
)

# Forecasts a member's page ranks and filters (the best ones; filters apply within them).
MAX_FORECASTS = 2000
REASONS = 3
STARTER_SIZE = 12


@dataclass
class Reason:
    title_en: str
    slug: str
    rating: int


@dataclass(frozen=True)
class ForecastTitle:
    """What a forecast shows of its title: its name, where it lives and its year."""

    pk: int
    title_en: str
    slug: str
    year: int | None


@dataclass
class Forecast:
    title_id: int
    value: float
    neighbours: int
    corated: int
    reasons: list = field(default_factory=list)
    title: ForecastTitle | None = None

    @property
    def tears(self):
        """The forecast rounded to a whole number of tears, for words."""
        return max(0, min(5, round(self.value)))


@dataclass
class MemberForecast:
    """A member's forecasts: ``ranked`` holds the title ids, best first, and ``kept`` those
    of them among the titles asked for; ``details`` reads the forecasts (values, reasons,
    titles) of the few a page shows."""

    rated: int
    ranked: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    residual: dict = field(default_factory=dict, repr=False)
    reason: dict = field(default_factory=dict, repr=False)
    bias: float = 0.0

    @property
    def needed(self):
        """How many more titles the member must rate before forecasts start."""
        return max(0, settings.SADLIST_FORECAST_MIN_RATINGS - self.rated)

    @cached_property
    def forecasts(self):
        """Every ranked forecast, with its reasons (one query)."""
        return self.details(self.ranked)

    def details(self, title_ids):
        """The forecasts for ``title_ids`` (some of ``ranked``), in that order: one query
        for the pairs linking them to the member's titles, with each title's name."""
        if not title_ids:
            return []
        # The ids twice, so that PostgreSQL expects a few titles, not thousands of them.
        shown = _ids(title_ids)
        sql = f"""
            SELECT pair.title_id, pair.neighbour_id, pair.similarity, pair.corated,
              pair.title_baseline, title.title_en, title.slug, title.year
            FROM {TitleNeighbour._meta.db_table} pair
            INNER JOIN {Title._meta.db_table} title ON title.id = pair.title_id
            WHERE {_shown_and_mine(self.residual)} AND pair.title_id IN ({shown})
              AND title.id IN ({shown})
        """
        with connection.cursor() as cursor:
            cursor.execute(sql)
            pairs = cursor.fetchall()
        grouped = {}
        for title_id, neighbour_id, similarity, corated, baseline, *title in pairs:
            entry = grouped.setdefault(title_id, [baseline, title, []])
            entry[2].append(
                (similarity, self.residual[neighbour_id], corated, self.reason[neighbour_id])
            )
        found = []
        for title_id in title_ids:
            baseline, title, terms = grouped.get(title_id, (None, None, ()))
            combined = _combine(baseline, self.bias, terms)
            if combined:
                found.append(Forecast(title_id, *combined, title=ForecastTitle(title_id, *title)))
        return found


def _member_bias(residual_sum, count):
    return residual_sum / (maths.REG_MEMBERS + count) if count else 0.0


def _combine(baseline, bias, terms):
    """A forecast from the title's baseline, the member's bias and (similarity, residual,
    corated, reason) terms, or None with fewer than SADLIST_FORECAST_MIN_NEIGHBOURS."""
    if baseline is None or len(terms) < settings.SADLIST_FORECAST_MIN_NEIGHBOURS:
        return None
    weight = sum(term[0] for term in terms)
    if weight <= 0:
        return None
    value = baseline + bias + sum(term[0] * term[1] for term in terms) / weight
    # The most similar first; equally similar ones by name, whatever order the rows came in.
    ranked = sorted(terms, key=lambda term: (-term[0], term[3].title_en, term[3].slug))
    reasons = [term[3] for term in ranked[:REASONS]]
    return min(5.0, max(0.0, value)), len(terms), max(term[2] for term in terms), reasons


def member_forecast(*, user, titles=None, limit=MAX_FORECASTS):
    """``user``'s forecasts for titles they haven't rated, highest first (at most ``limit``),
    optionally only those among ``titles`` (a Title queryset) of the best ``limit``.

    The member's rated entries are read first (with each title's baseline and name) with
    their MemberRanking: the ids of the titles forecast, while its basis (their ratings,
    the build, the settings) still holds; else they are ranked afresh by the database from
    the learnt pairs linking them to the member's titles (thousands of pairs never leave
    it) and kept. The page's own forecasts are then read with MemberForecast.details.
    """
    # A plain cursor: values_list() took twice as long to read the same rows (in process,
    # on PostgreSQL, the benchmark's member and their 100 ratings: 1.05 ms, 0.5 ms now).
    # The member is its one parameter: the same text for every member, so prepared. The
    # newest build and pair, which a ranking rests on, come with each row (each read once,
    # from its primary key's index); the kept ranking is the one row without a title.
    sql = f"""
        SELECT mine.title_id, mine.cry_rating, base.baseline, title.title_en, title.slug,
          (SELECT MAX(build.id) FROM {ForecastBuild._meta.db_table} build),
          (SELECT MAX(pair.id) FROM {TitleNeighbour._meta.db_table} pair),
          NULL, NULL
        FROM {Entry._meta.db_table} mine
        INNER JOIN {Title._meta.db_table} title ON title.id = mine.title_id
        LEFT JOIN {TitleBaseline._meta.db_table} base ON base.title_id = title.id
        WHERE mine.user_id = %s AND mine.cry_rating IS NOT NULL
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, kept.basis, kept.title_ids
        FROM {MemberRanking._meta.db_table} kept WHERE kept.user_id = %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk])
        rows = cursor.fetchall()
    rated = [row[:7] for row in rows if row[0] is not None]
    kept = next((row[7:] for row in rows if row[0] is None), (None, None))
    result = MemberForecast(rated=len(rated))
    if result.needed:
        return result
    modelled = [(tid, r, b) for tid, r, b, *_ in rated if b is not None]
    result.bias = bias = _member_bias(sum(r - b for _, r, b in modelled), len(modelled))
    result.residual = {tid: r - b - bias for tid, r, b in modelled}
    result.reason = {tid: Reason(name, slug, r) for tid, r, _, name, slug, *_ in rated}
    if not result.residual:
        return result
    result.ranked = _kept_ranking(user=user, basis=_basis(rated, limit), kept=kept, limit=limit)
    result.kept = _among(titles, result.ranked) if titles is not None else result.ranked
    return result


def _basis(rated, limit):
    """A digest of what a member's ranking rests on: their cry ratings (``rated``, rows of
    member_forecast's first query, each ending with the newest build's and pair's ids), the
    forecast's settings and the code (a deploy that changes how rankings are worked out
    never reads one kept by the code before; every deploy ranks each member afresh once)."""
    build_id, pair_id = rated[0][-2:]
    ratings = sorted((int(row[0]), int(row[1])) for row in rated)
    basis = (
        code_version(),
        build_id,
        pair_id,
        settings.SADLIST_FORECAST_MIN_CORATERS,
        settings.SADLIST_FORECAST_MIN_NEIGHBOURS,
        maths.REG_MEMBERS,
        limit,
        ratings,
    )
    return hashlib.sha256(repr(basis).encode()).hexdigest()


def _kept_ranking(*, user, basis, kept, limit):
    """The member's ranked title ids: ``kept`` (their MemberRanking's basis and ids) while
    it rests on ``basis``, else ranked afresh (_ranked) and kept for their next pages.

    Two requests ranking at once both write the same row: the upsert keeps the last, and
    neither fails. A ranking that can't be kept (the member deleted meanwhile) is still
    shown.
    """
    if kept[0] == basis:
        return json.loads(kept[1])
    ranked = _ranked(user=user, limit=limit)
    try:
        with transaction.atomic():
            MemberRanking.objects.bulk_create(
                [MemberRanking(user_id=user.pk, basis=basis, title_ids=ranked)],
                update_conflicts=True,
                unique_fields=["user"],
                update_fields=["basis", "title_ids", "ranked_at"],
            )
    except IntegrityError:
        pass
    return ranked


def _among(titles, ranked):
    """Those of ``ranked`` (title ids, in order) among ``titles`` (a Title queryset)."""
    if not ranked:
        return []
    among, among_params = titles.values("pk").query.sql_with_params()
    in_ranked, ranked_params = any_of("title.id", ranked)
    sql = f"""
        SELECT title.id FROM {Title._meta.db_table} title
        WHERE {in_ranked} AND title.id IN ({among})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ranked_params, *among_params])
        found = {row[0] for row in cursor.fetchall()}
    return [pk for pk in ranked if pk in found]


# MemberForecast.details writes its ids into the query rather than passing them as
# parameters: psycopg reads each placeholder in Python, which for the hundreds of a
# member's ratings cost more than running the query. Every number goes through int()
# first. (The ranking passed the member's ids and residuals as arrays got PostgreSQL's
# generic plan after five runs, 15.5-21.7 ms against 5.6-7.3 ms planned for the member's
# own numbers; _ranked now reads them from the member's entries in the query itself.)
def _ids(ids):
    return ", ".join(str(int(pk)) for pk in ids)


def _shown_and_mine(residual):
    """SQL keeping the ``pair`` rows that may be used (TitleNeighbourQuerySet.shown) and
    link a title to one of the member's modelled ratings (the keys of ``residual``)."""
    return (
        f"pair.corated >= {int(settings.SADLIST_FORECAST_MIN_CORATERS)}"
        f" AND pair.neighbour_id IN ({_ids(residual)})"
    )


def _ranked(*, user, limit):
    """The ids of the titles forecast for ``user``, best first: member_forecast's residuals
    and bias, _combine's arithmetic and MemberForecast's order in SQL, so that the
    thousands of pairs involved never leave the database.

    Plain SQL that SQLite and PostgreSQL both run, the member its one parameter: the same
    text for every member, so prepared. PostgreSQL still plans it for each member (its
    generic plan, 3.7 ms, would be faster, but it keeps the custom one): 4.1 ms for the
    benchmark's member and their 100 ratings, where the member's numbers written into
    the text took 4.5 ms (pgbench).
    """
    entries, baselines = Entry._meta.db_table, TitleBaseline._meta.db_table
    value = (
        "pair.title_baseline + MAX(mine.bias)"
        " + SUM(pair.similarity * mine.residual) / SUM(pair.similarity)"
    )
    sql = f"""
        WITH rated AS (
          SELECT entry.title_id, entry.cry_rating, base.baseline
          FROM {entries} entry LEFT JOIN {baselines} base ON base.title_id = entry.title_id
          WHERE entry.user_id = %s AND entry.cry_rating IS NOT NULL
        ), bias AS (
          SELECT COALESCE(SUM(cry_rating - baseline), 0)
            / ({float(maths.REG_MEMBERS)!r} + COUNT(baseline)) AS bias
          FROM rated
        ), mine AS (
          SELECT rated.title_id AS neighbour_id, bias.bias,
            rated.cry_rating - rated.baseline - bias.bias AS residual
          FROM rated CROSS JOIN bias WHERE rated.baseline IS NOT NULL
        )
        SELECT pair.title_id,
          CASE WHEN {value} > 5 THEN 5 WHEN {value} < 0 THEN 0 ELSE {value} END AS value,
          MAX(pair.corated) AS corated
        FROM {TitleNeighbour._meta.db_table} pair
        INNER JOIN mine ON pair.neighbour_id = mine.neighbour_id
        WHERE pair.corated >= {int(settings.SADLIST_FORECAST_MIN_CORATERS)}
          AND NOT EXISTS (SELECT 1 FROM rated WHERE rated.title_id = pair.title_id)
        GROUP BY pair.title_id, pair.title_baseline
        HAVING COUNT(*) >= {int(settings.SADLIST_FORECAST_MIN_NEIGHBOURS)}
        ORDER BY value DESC, corated DESC, pair.title_id
        LIMIT {int(limit)}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        return [row[0] for row in cursor.fetchall()]


# A title's shown pairs are kept in the cache under NEIGHBOURS_VERSION_KEY, which each
# build_forecasts run replaces once it commits (services.forecast_build), so they never
# outlive the build they came from (title_neighbours).
# A curator renaming a neighbour reaches the cached pairs by the next rating anywhere (the
# rankings' version is in the key too) or, on a quiet site, after this many seconds.
NEIGHBOURS_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Neighbour:
    """One shown pair of title_neighbours: the neighbour's name and what a forecast needs."""

    neighbour_id: int
    title_en: str
    slug: str
    similarity: float
    corated: int
    neighbour_baseline: float | None


@dataclass(frozen=True)
class TitleNeighbours:
    """A title's shown pairs, most similar first, and the title's own baseline."""

    title_id: int
    title_baseline: float | None
    pairs: tuple

    def __len__(self):
        return len(self.pairs)

    def __bool__(self):
        return bool(self.pairs)


def title_neighbours(*, title):
    """``title``'s learnt neighbours (shown pairs), most similar first.

    The same for every reader, so kept in the cache, stamped with the versions it was read
    under: one round trip to the cache answers while neither a build nor a rating moved
    since, else one query (as when the cache is down).
    """
    key = f"forecast-title-neighbours:{title.pk}:{settings.SADLIST_FORECAST_MIN_CORATERS}"
    found = cache.get_many([key, NEIGHBOURS_VERSION_KEY, RANKINGS_VERSION_KEY])
    versions = (found.get(NEIGHBOURS_VERSION_KEY), found.get(RANKINGS_VERSION_KEY))
    kept = found.get(key)
    if kept is not None and kept[0] == versions:
        return kept[1]
    rows = (
        TitleNeighbour.objects.shown()
        .filter(title=title)
        .order_by("-similarity", "neighbour__title_en", "neighbour_id")
        .values_list(
            "neighbour_id",
            "neighbour__title_en",
            "neighbour__slug",
            "similarity",
            "corated",
            "neighbour__forecast_baseline__baseline",
            "title_baseline",
        )
    )
    rows = list(rows)
    found = TitleNeighbours(
        title_id=title.pk,
        title_baseline=rows[0][-1] if rows else None,
        pairs=tuple(Neighbour(*row[:-1]) for row in rows),
    )
    cache.set(key, (versions, found), NEIGHBOURS_CACHE_SECONDS)
    return found


def title_forecast(*, user, neighbours):
    """``user``'s forecast for a title from its title_neighbours, or (None, None).

    Returns (needed, forecast): how many more titles the member must rate before
    forecasts start (None when the title has no neighbours at all), and the forecast, None
    when it would rest on too few of the member's titles. One query, of the forecast's own
    SQL: the member's totals, then their ratings of the neighbours.
    """
    if not neighbours:
        return None, None
    entries, baselines = Entry._meta.db_table, TitleBaseline._meta.db_table
    rated = "mine.user_id = %s AND mine.cry_rating IS NOT NULL"
    # Unlike the forecast page's ranking (see _ids), the same text for every member and title
    # (the member a parameter, the neighbours one array: sadlist.raw_sql), so planned once;
    # checked prepared: 0.36 ms with the generic plan against 0.54 ms planned each time.
    linked, linked_params = any_of(
        "mine.title_id", (pair.neighbour_id for pair in neighbours.pairs)
    )
    sql = f"""
        SELECT NULL, COUNT(*), COUNT(base.title_id), SUM(mine.cry_rating - base.baseline)
        FROM {entries} mine LEFT JOIN {baselines} base ON base.title_id = mine.title_id
        WHERE {rated}
        UNION ALL
        SELECT mine.title_id, mine.cry_rating, NULL, NULL
        FROM {entries} mine
        WHERE {rated} AND {linked}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk, *linked_params])
        rows = cursor.fetchall()
    count, modelled, residual_sum = next(row[1:] for row in rows if row[0] is None)
    ratings = {row[0]: row[1] for row in rows if row[0] is not None}
    needed = max(0, settings.SADLIST_FORECAST_MIN_RATINGS - count)
    if needed:
        return needed, None
    bias = _member_bias(residual_sum or 0.0, modelled)
    terms = [
        (
            pair.similarity,
            ratings[pair.neighbour_id] - pair.neighbour_baseline - bias,
            pair.corated,
            Reason(pair.title_en, pair.slug, ratings[pair.neighbour_id]),
        )
        for pair in neighbours.pairs
        if pair.neighbour_id in ratings and pair.neighbour_baseline is not None
    ]
    combined = _combine(neighbours.title_baseline, bias, terms)
    return 0, Forecast(neighbours.title_id, *combined) if combined else None


def similar_titles(*, title, titles=None):
    """Titles most similar to ``title`` (shown pairs), optionally only among ``titles``."""
    rows = TitleNeighbour.objects.shown().filter(title=title)
    if titles is not None:
        rows = rows.filter(neighbour__in=titles)
    return rows.select_related("neighbour").order_by(
        "-similarity", "neighbour__title_en", "neighbour_id"
    )


def starter_titles(*, user, count=STARTER_SIZE, article_first=True):
    """Titles for a member to rate: the article's list, then the most-rated.

    With ``article_first`` False, only the most-rated: for a member whose ratings have
    nothing in common with others' yet, the titles most others rated help most. Each comes
    with the member's entry for it, if any (its status stays when they rate).
    """
    entries = {
        entry.title_id: entry
        for entry in Entry.objects.filter(user=user).only("title_id", "status", "cry_rating")
    }
    chosen = []
    if article_first:
        _, article = catalog_selectors.article_entries()
        chosen = [
            item.title
            for item in article
            if entries.get(item.title_id) is None or entries[item.title_id].cry_rating is None
        ][:count]
    if len(chosen) < count:
        rated = [tid for tid, entry in entries.items() if entry.cry_rating is not None]
        chosen += list(
            Title.objects.exclude(pk__in=[t.pk for t in chosen] + rated)
            .filter(statistics__cry_count__gt=0)
            .order_by("-statistics__cry_count", "title_en", "pk")[: count - len(chosen)]
        )
    for starter in chosen:
        starter.own_entry = entries.get(starter.pk)
    return chosen


def shares_ratings(*, user):
    """Whether ``user``'s ratings inform others' forecasts (the default)."""
    return not ForecastPreference.objects.filter(user=user, share_ratings=False).exists()
