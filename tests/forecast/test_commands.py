"""build_forecasts and evaluate_forecasts, and the arithmetic they share."""

import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from forecast import maths
from forecast.models import ForecastBuild, TitleBaseline, TitleNeighbour
from tests.forecast.conftest import two_tastes


def run(command, *args, **options):
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_build_forecasts_learns_the_two_groups_and_replaces_the_previous_model(db):
    tastes = two_tastes(members=6, titles=3)
    out = run("build_forecasts")
    assert "Learnt from 72 ratings by 12 members on 6 titles: 12 similar pairs" in out
    # Each title's neighbours are the other two of its own side.
    pairs = set(TitleNeighbour.objects.values_list("title__slug", "neighbour__slug"))
    assert pairs == {
        (f"{side}-side-{i}", f"{side}-side-{j}")
        for side in "ab"
        for i in range(3)
        for j in range(3)
        if i != j
    }
    # Every title was rated by as many sobbing as shrugging members: all start at the mean.
    assert {round(b, 6) for b in TitleBaseline.objects.values_list("baseline", flat=True)} == {
        round(ForecastBuild.objects.get().mean, 6)
    }
    tastes.a_titles[0].delete()
    run("build_forecasts")
    assert TitleNeighbour.objects.count() == 6 + 2
    assert ForecastBuild.objects.count() == 2


@pytest.mark.django_db
def test_build_forecasts_with_no_ratings_builds_an_empty_model(db):
    assert "Learnt from 0 ratings by 0 members on 0 titles: 0 similar pairs" in run(
        "build_forecasts"
    )
    assert not TitleNeighbour.objects.exists()


def test_evaluate_forecasts_prints_the_table_for_every_method(tmp_path):
    rng = np.random.default_rng(4)
    rows = []
    # Two tastes again, 40 members and 30 titles, with noise: the model must beat the means.
    for member in range(40):
        for title in range(30):
            if rng.random() < 0.7:
                fond = (member % 2) == (title % 2)
                rating = (9 if fond else 3) + rng.integers(-1, 2)
                rows.append(f"{member},{title},{rating}")
            elif rng.random() < 0.1:
                rows.append(f"{member},{title},-1")
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("\n".join(rows) + "\n")
    out = run("evaluate_forecasts", ratings=ratings, folds=3)
    assert "| method | RMSE | MAE | precision@10 | seconds |" in out
    for method in ["Global mean", "Per-title mean", "Bayesian title mean", "Baseline", "Model"]:
        assert f"| {method}" in out
    table = {
        line.split(" | ")[0].strip("| "): float(line.split(" | ")[1])
        for line in out.splitlines()
        if line.startswith("| ") and "RMSE" not in line
    }
    assert table["Model (baseline + title neighbours)"] < 0.5 * table["Per-title mean"]
    assert ": met." in out


def test_evaluate_forecasts_refuses_a_missing_file_and_too_few_folds(tmp_path):
    with pytest.raises(CommandError, match="No ratings file"):
        run("evaluate_forecasts", ratings=tmp_path / "missing.csv")
    with pytest.raises(CommandError, match="at least 2"):
        run("evaluate_forecasts", folds=1)


def test_baseline_biases_are_shrunk_towards_zero():
    # One member rated one title 5 where the mean of all is 3: both biases stay below 2.
    members = np.array([0, 1, 1, 2])
    titles = np.array([0, 1, 2, 1])
    ratings = np.array([5.0, 3.0, 2.0, 2.0])
    fitted = maths.fit_baseline(members, titles, ratings, 3, 3)
    assert fitted.mean == 3.0
    assert 0 < fitted.title_bias[0] < 2 and 0 < fitted.member_bias[0] < 2


def test_similarity_is_shrunk_when_few_members_rated_both():
    # Titles 0 and 1 go together perfectly among n members; 2 and 3 among 3n.
    def correlated(n, first, offset):
        members = np.repeat(np.arange(offset, offset + n), 2)
        titles = np.tile([first, first + 1], n)
        ratings = np.where(np.arange(2 * n) // 2 % 2 == 0, 5.0, 1.0)
        return members, titles, ratings

    parts = [correlated(6, 0, 0), correlated(18, 2, 6)]
    members, titles, ratings = (np.concatenate(p) for p in zip(*parts, strict=True))
    baseline = maths.Baseline(3.0, np.zeros(24), np.zeros(4))
    residuals, rated = maths.residual_matrix(members, titles, ratings, 24, 4, baseline)
    title, neighbour, similarity, support = maths.neighbours(residuals, rated, min_support=5)
    found = {
        (int(t), int(n)): (s, int(c))
        for t, n, s, c in zip(title, neighbour, similarity, support, strict=True)
    }
    assert set(found) == {(0, 1), (1, 0), (2, 3), (3, 2)}
    assert found[(0, 1)][1] == 6 and found[(2, 3)][1] == 18
    assert found[(0, 1)][0] == pytest.approx(5 / (5 + maths.SHRINKAGE))
    assert found[(2, 3)][0] == pytest.approx(17 / (17 + maths.SHRINKAGE))
    assert maths.neighbours(residuals, rated, min_support=7)[0].tolist() == [2, 3]


def test_curators_read_the_builds_in_the_admin_but_change_none(admin_client, built):
    build = ForecastBuild.objects.get()
    changelist = admin_client.get(reverse("admin:forecast_forecastbuild_changelist"))
    assert changelist.status_code == 200
    assert 'name="action"' not in changelist.content.decode()  # no "delete selected"
    delete = reverse("admin:forecast_forecastbuild_delete", args=[build.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ForecastBuild.objects.filter(pk=build.pk).exists()
