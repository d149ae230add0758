"""Writes of the forecast app: rebuilding what it learnt, and a member's opt-out."""

import time

import numpy as np
from django.conf import settings
from django.db import connection, transaction

from sadlist.caching import NEIGHBOURS_VERSION_KEY, _after_commit, member_changed
from watchlist.models import Entry

from . import maths
from .models import ForecastBuild, ForecastPreference, TitleBaseline, TitleNeighbour

CHUNK = 100_000


def _ratings():
    """Every cry rating that may inform others' forecasts, as numpy arrays.

    Members who opted out (ForecastPreference.share_ratings False) are left out. Private
    profiles' ratings count, as they do in the cry meter: only aggregates are kept.
    """
    rows = (
        Entry.objects.filter(cry_rating__isnull=False)
        .exclude(user__forecast_preference__share_ratings=False)
        .order_by()
        .values_list("user_id", "title_id", "cry_rating")
    )
    parts = []
    chunk = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            parts.append(np.array(chunk, dtype=np.int64))
            chunk = []
    if chunk:
        parts.append(np.array(chunk, dtype=np.int64))
    if not parts:
        return np.zeros((0, 3), dtype=np.int64)
    return np.concatenate(parts)


def _write(model, fields, rows):
    """Insert ``rows`` into ``model``'s table: COPY on PostgreSQL, bulk_create elsewhere."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(
            connection.ops.quote_name(model._meta.get_field(f).column) for f in fields
        )
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) == 5000:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)


def forecast_build():
    """Learn title baselines and similar-title pairs from every shared cry rating.

    Replaces the learnt tables in one transaction (readers see the old model until it
    commits) and records the run as a ForecastBuild, which it returns. A pair is kept only
    when at least SADLIST_FORECAST_MIN_CORATERS members rated both titles.
    """
    started = time.perf_counter()
    ratings = _ratings()
    user_ids, members = np.unique(ratings[:, 0], return_inverse=True)
    title_ids, titles = np.unique(ratings[:, 1], return_inverse=True)
    values = ratings[:, 2].astype(np.float64)
    del ratings
    n_members, n_titles = len(user_ids), len(title_ids)
    baseline = maths.fit_baseline(members, titles, values, n_members, n_titles)
    residuals, rated = maths.residual_matrix(members, titles, values, n_members, n_titles, baseline)
    title_idx, neighbour_idx, similarity, support = maths.neighbours(
        residuals, rated, min_support=settings.SADLIST_FORECAST_MIN_CORATERS
    )
    counts = np.bincount(titles, minlength=n_titles)
    with transaction.atomic():
        TitleNeighbour.objects.all().delete()
        TitleBaseline.objects.all().delete()
        _write(
            TitleBaseline,
            ["title_id", "baseline", "ratings"],
            zip(
                title_ids.tolist(),
                (baseline.mean + baseline.title_bias).tolist(),
                counts.tolist(),
                strict=True,
            ),
        )
        baselines = baseline.mean + baseline.title_bias
        _write(
            TitleNeighbour,
            ["title_id", "neighbour_id", "similarity", "corated", "title_baseline"],
            zip(
                title_ids[title_idx].tolist(),
                title_ids[neighbour_idx].tolist(),
                np.minimum(similarity, 1.0).tolist(),
                support.tolist(),
                baselines[title_idx].tolist(),
                strict=True,
            ),
        )
        build = ForecastBuild.objects.create(
            mean=baseline.mean,
            members=n_members,
            titles=n_titles,
            ratings=len(values),
            pairs=len(title_idx),
            seconds=time.perf_counter() - started,
        )
        # The title pages' cached pairs (selectors.title_neighbours) and shared parts are the
        # old build's.
        _after_commit(NEIGHBOURS_VERSION_KEY)
    if connection.vendor == "postgresql":
        # Fresh planner statistics for the new rows: with the old ones PostgreSQL scans
        # every pair to find a member's few hundred (as seed_demo does after its load).
        with connection.cursor() as cursor:
            for model in (TitleBaseline, TitleNeighbour):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return build


def preference_save(*, user, share_ratings):
    """Record whether ``user``'s ratings may inform other members' forecasts.

    Takes effect at the next build_forecasts run, which leaves them out.
    """
    with transaction.atomic():
        ForecastPreference.objects.update_or_create(
            user=user, defaults={"share_ratings": share_ratings}
        )
        member_changed(user.pk)
