"""Offline evaluation of the forecast (``manage.py evaluate_forecasts``), Django-free.

Ratings are cross-validated in ``folds`` folds: each fold's ratings are hidden in turn, every
method learns from the others and guesses the hidden ones. Reported per method: RMSE and MAE
of the guesses, and precision at 10: for each member with at least 10 hidden ratings, the
share of the 10 hidden titles the method ranks first that the member rated highest (at least
``relevant`` on the data's scale).
"""

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import maths

TOP = 10


@dataclass
class Ratings:
    members: np.ndarray
    titles: np.ndarray
    values: np.ndarray
    n_members: int
    n_titles: int


def read_mal_ratings(path: Path):
    """user_id, anime_id, rating rows (no header); -1 (watched, not rated) is dropped."""
    users, animes, values = [], [], []
    with open(path, newline="") as handle:
        for user_id, anime_id, rating in csv.reader(handle):
            if rating == "-1":
                continue
            users.append(int(user_id))
            animes.append(int(anime_id))
            values.append(float(rating))
    _, members = np.unique(np.array(users), return_inverse=True)
    _, titles = np.unique(np.array(animes), return_inverse=True)
    return Ratings(
        members.astype(np.int64),
        titles.astype(np.int64),
        np.array(values),
        int(members.max()) + 1,
        int(titles.max()) + 1,
    )


def _title_means(data, train, *, m=0.0, c=None):
    counts = np.bincount(data.titles[train], minlength=data.n_titles)
    sums = np.bincount(data.titles[train], weights=data.values[train], minlength=data.n_titles)
    mean = data.values[train].mean()
    c = mean if c is None else c
    with np.errstate(divide="ignore", invalid="ignore"):
        result = (sums + m * c) / (counts + m)
    # A title no one rated in training gets the global mean.
    return np.where(counts + m > 0, result, mean)


def methods(*, ranking_m, min_support, min_neighbours, low, high):
    """Each method as (name, fit-and-predict(data, train, test) -> guesses)."""

    def global_mean(data, train, test):
        return np.full(test.sum(), data.values[train].mean())

    def title_mean(data, train, test):
        return _title_means(data, train)[data.titles[test]]

    def bayesian_title_mean(data, train, test):
        return _title_means(data, train, m=ranking_m)[data.titles[test]]

    def _baseline(data, train):
        return maths.fit_baseline(
            data.members[train],
            data.titles[train],
            data.values[train],
            data.n_members,
            data.n_titles,
        )

    def baseline(data, train, test):
        fitted = _baseline(data, train)
        guess = (
            fitted.mean
            + fitted.member_bias[data.members[test]]
            + fitted.title_bias[data.titles[test]]
        )
        return np.clip(guess, low, high)

    def model(data, train, test):
        fitted = _baseline(data, train)
        residuals, rated = maths.residual_matrix(
            data.members[train],
            data.titles[train],
            data.values[train],
            data.n_members,
            data.n_titles,
            fitted,
        )
        found = maths.neighbours(residuals, rated, min_support=min_support)
        similarities = maths.similarity_matrix(*found[:3], data.n_titles)
        return maths.predict(
            data.members[test],
            data.titles[test],
            baseline=fitted,
            similarities=similarities,
            residuals=residuals,
            rated=rated,
            min_neighbours=min_neighbours,
            low=low,
            high=high,
        )

    return [
        ("Global mean", global_mean),
        ("Per-title mean", title_mean),
        (f"Bayesian title mean (m = {ranking_m}, C = global mean)", bayesian_title_mean),
        ("Baseline (mean + member and title biases)", baseline),
        ("Model (baseline + title neighbours)", model),
    ]


def precision_at_10(members, truth, guesses, *, relevant, rng):
    """Mean, over members with at least TOP hidden ratings, of the share of their TOP
    best-guessed hidden titles they rated ``relevant`` or more (ties in random order)."""
    shares = []
    order = np.lexsort((rng.random(len(members)), -guesses, members))
    members, truth = members[order], truth[order]
    starts = np.flatnonzero(np.r_[True, members[1:] != members[:-1]])
    ends = np.r_[starts[1:], len(members)]
    for start, end in zip(starts, ends, strict=True):
        if end - start >= TOP:
            shares.append(float((truth[start : start + TOP] >= relevant).mean()))
    return float(np.mean(shares)) if shares else float("nan")


def evaluate(data, *, folds=5, seed=1, relevant, **options):
    """{method: {"rmse", "mae", "precision", "seconds"}}, averaged over the folds."""
    rng = np.random.default_rng(seed)
    fold_of = rng.permutation(len(data.values)) % folds
    results = {}
    for name, run in methods(**options):
        rmse, mae, precision, seconds = [], [], [], 0.0
        for fold in range(folds):
            test = fold_of == fold
            train = ~test
            started = time.perf_counter()
            guesses = run(data, train, test)
            seconds += time.perf_counter() - started
            errors = guesses - data.values[test]
            rmse.append(float(np.sqrt(np.mean(errors**2))))
            mae.append(float(np.mean(np.abs(errors))))
            precision.append(
                precision_at_10(
                    data.members[test],
                    data.values[test],
                    guesses,
                    relevant=relevant,
                    rng=np.random.default_rng(seed + fold),
                )
            )
        results[name] = {
            "rmse": float(np.mean(rmse)),
            "mae": float(np.mean(mae)),
            "precision": float(np.mean(precision)),
            "seconds": seconds,
        }
    return results
