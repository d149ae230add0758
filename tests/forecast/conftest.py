"""Hand-made communities for the forecast, where the right answers are known."""

from dataclasses import dataclass

import pytest

from forecast import services
from tests.factories import EntryFactory, TitleFactory, UserFactory


@dataclass
class TwoTastes:
    """Group A sobs at the A titles and shrugs at the B titles; group B the other way round."""

    a_titles: list
    b_titles: list
    group_a: list
    group_b: list


def rate(user, title, cry_rating):
    return EntryFactory(user=user, title=title, status="completed", cry_rating=cry_rating)


def rate_all(user, titles, cry_rating):
    for title in titles:
        rate(user, title, cry_rating)
    return user


def two_tastes(*, members=6, titles=4):
    a_titles = [TitleFactory(title_en=f"A-side {n}", slug=f"a-side-{n}") for n in range(titles)]
    b_titles = [TitleFactory(title_en=f"B-side {n}", slug=f"b-side-{n}") for n in range(titles)]
    group_a = [UserFactory(username=f"a-member-{n}") for n in range(members)]
    group_b = [UserFactory(username=f"b-member-{n}") for n in range(members)]
    for n, user in enumerate(group_a):
        for title in a_titles:
            rate(user, title, 5 if n % 2 else 4)
        for title in b_titles:
            rate(user, title, 0 if n % 2 else 1)
    for n, user in enumerate(group_b):
        for title in a_titles:
            rate(user, title, 0 if n % 2 else 1)
        for title in b_titles:
            rate(user, title, 5 if n % 2 else 4)
    return TwoTastes(a_titles, b_titles, group_a, group_b)


@pytest.fixture
def tastes(db):
    return two_tastes()


@pytest.fixture
def built(tastes):
    services.forecast_build()
    return tastes
