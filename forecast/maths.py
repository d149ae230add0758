"""The tear forecast's arithmetic, on plain numpy arrays and scipy sparse matrices.

No Django here: ``build_forecasts`` feeds it the site's cry ratings and stores what it
returns; ``evaluate_forecasts`` feeds it MyAnimeList's ratings and scores its guesses.
Both therefore measure and run the very same method (docs/forecast.md explains it):

1. A baseline: the global mean plus a member bias and a title bias, each shrunk towards
   zero by a regularisation term (a few alternating least-squares passes, as
   scikit-surprise's ``BaselineOnly`` does).
2. Item-to-item neighbours on what the baseline leaves unexplained (the residuals): two
   titles are similar when the same members cried more (or less) than expected at both.
   The Pearson-like correlation of residuals over the members who rated both is shrunk
   towards zero when few did, ``sim · (n − 1) / (n − 1 + SHRINKAGE)``; each title keeps
   its NEIGHBOURS most similar titles rated together by at least ``min_support`` members.
3. A member's forecast for a title: its baseline plus the similarity-weighted mean of the
   member's residuals on the title's neighbours they rated.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse

# Regularisation of the title and member biases (scikit-surprise's defaults for
# BaselineOnly): a title rated by 10 members moves half-way from the global mean.
REG_TITLES = 10.0
REG_MEMBERS = 15.0
BASELINE_PASSES = 10
# How many neighbours each title keeps, and how hard a similarity resting on few
# co-raters is pulled towards zero (scikit-surprise's default for pearson_baseline).
NEIGHBOURS = 40
SHRINKAGE = 100.0
# Titles per block when correlating: each block is four dense titles × BLOCK matrices
# of float64, 10,000 × 500 × 8 bytes = 40 MB each.
BLOCK = 500


@dataclass
class Baseline:
    mean: float
    member_bias: np.ndarray
    title_bias: np.ndarray


def fit_baseline(members, titles, ratings, n_members, n_titles):
    """The global mean and regularised member and title biases of ``ratings``.

    ``members`` and ``titles`` are index arrays (0 .. n − 1) parallel to ``ratings``.
    """
    mean = float(ratings.mean()) if len(ratings) else 0.0
    title_counts = np.bincount(titles, minlength=n_titles)
    member_counts = np.bincount(members, minlength=n_members)
    member_bias = np.zeros(n_members)
    title_bias = np.zeros(n_titles)
    for _ in range(BASELINE_PASSES):
        title_bias = np.bincount(
            titles, weights=ratings - mean - member_bias[members], minlength=n_titles
        ) / (REG_TITLES + title_counts)
        member_bias = np.bincount(
            members, weights=ratings - mean - title_bias[titles], minlength=n_members
        ) / (REG_MEMBERS + member_counts)
    return Baseline(mean, member_bias, title_bias)


def residual_matrix(members, titles, ratings, n_members, n_titles, baseline):
    """Members × titles CSR matrices: residuals (rating − baseline) and who rated what."""
    residuals = (
        ratings - baseline.mean - baseline.member_bias[members] - baseline.title_bias[titles]
    )
    shape = (n_members, n_titles)
    res = sparse.csr_matrix((residuals, (members, titles)), shape=shape)
    rated = sparse.csr_matrix((np.ones(len(ratings)), (members, titles)), shape=shape)
    return res, rated


def neighbours(residuals, rated, *, min_support, k=NEIGHBOURS, shrinkage=SHRINKAGE):
    """Each title's ``k`` most similar titles, as four parallel arrays.

    Returns (title, neighbour, similarity, support): ``similarity`` is the shrunk
    correlation of residuals over the ``support`` members who rated both, only positive
    ones and only where ``support >= min_support``. Computed a block of titles at a time,
    so memory stays at a few dense titles × BLOCK matrices whatever the number of titles.
    """
    n_titles = residuals.shape[1]
    res_t = residuals.T.tocsr()
    sq_t = residuals.multiply(residuals).T.tocsr()
    rated_t = rated.T.tocsr()
    res_c = residuals.tocsc()
    sq_c = residuals.multiply(residuals).tocsc()
    rated_c = rated.tocsc()
    out = ([], [], [], [])
    for start in range(0, n_titles, BLOCK):
        stop = min(start + BLOCK, n_titles)
        block = slice(start, stop)
        support = (rated_t @ rated_c[:, block]).toarray()
        numerator = (res_t @ res_c[:, block]).toarray()
        # Sums of squares over the co-raters only, for each side of each pair.
        sq_other = (sq_t @ rated_c[:, block]).toarray()
        sq_this = (rated_t @ sq_c[:, block]).toarray()
        with np.errstate(divide="ignore", invalid="ignore"):
            sim = numerator / np.sqrt(sq_other * sq_this)
        sim = np.nan_to_num(sim, nan=0.0, posinf=0.0, neginf=0.0)
        sim *= np.maximum(support - 1, 0) / (np.maximum(support - 1, 0) + shrinkage)
        sim[support < min_support] = 0.0
        sim[np.arange(start, stop), np.arange(stop - start)] = 0.0  # not its own neighbour
        sim[sim < 0] = 0.0
        take = min(k, n_titles - 1) if n_titles > 1 else 0
        if take <= 0:
            continue
        top = np.argpartition(-sim, take - 1, axis=0)[:take] if take < n_titles else None
        if top is None:
            top = np.argsort(-sim, axis=0)[:take]
        cols = np.broadcast_to(np.arange(stop - start), top.shape)
        chosen = sim[top, cols]
        keep = chosen > 0
        out[0].append((cols[keep] + start).astype(np.int64))
        out[1].append(top[keep].astype(np.int64))
        out[2].append(chosen[keep])
        out[3].append(support[top, cols][keep].astype(np.int64))
    if not out[0]:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([]), empty
    return tuple(np.concatenate(part) for part in out)


def similarity_matrix(title, neighbour, similarity, n_titles):
    """Titles × titles CSR: row i holds i's neighbours and their similarities."""
    return sparse.csr_matrix((similarity, (title, neighbour)), shape=(n_titles, n_titles))


def predict(
    members,
    titles,
    *,
    baseline,
    similarities,
    residuals,
    rated,
    min_neighbours,
    low=None,
    high=None,
):
    """Forecasts for (member, title) pairs: baseline plus the neighbours' weighted residuals.

    Where the member rated fewer than ``min_neighbours`` of the title's neighbours the
    forecast is the baseline alone. Clipped to [low, high] when given.
    """
    guess = baseline.mean + baseline.member_bias[members] + baseline.title_bias[titles]
    weights = similarities[titles]
    numerator = np.asarray(weights.multiply(residuals[members]).sum(axis=1)).ravel()
    mine = weights.multiply(rated[members])
    denominator = np.asarray(mine.sum(axis=1)).ravel()
    used = np.diff(mine.tocsr().indptr)
    enough = (used >= min_neighbours) & (denominator > 0)
    guess = guess + np.where(enough, numerator / np.where(enough, denominator, 1.0), 0.0)
    if low is not None or high is not None:
        guess = np.clip(guess, low, high)
    return guess
