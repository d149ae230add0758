"""Taking one's list elsewhere: MyAnimeList XML (plain and gzipped) and CSV, and back again."""

import csv
import datetime
import gzip
import io

import pytest
from defusedxml.ElementTree import fromstring
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import EntryFactory, ReviewFactory, TitleFactory, UserFactory
from tests.integrity import assert_stats_match_entries
from watchlist.models import Entry

pytestmark = pytest.mark.django_db

FIELDS = ["status", "episodes_watched", "started_on", "finished_on", "times_rewatched", "score",
          "note"]  # fmt: skip


@pytest.fixture
def shelf(owner):
    orange = TitleFactory(title_en="Orange", slug="orange", mal_id=32729, episodes=13,
                          anilist_id=21647)  # fmt: skip
    clannad = TitleFactory(title_en="Clannad: After Story", slug="clannad-as", mal_id=4181,
                           episodes=24)  # fmt: skip
    local = TitleFactory(title_en="Only Here", slug="only-here", mal_id=None)
    EntryFactory(user=owner, title=orange, status="completed", cry_rating=5, score=9,
                 started_on=datetime.date(2024, 1, 2), finished_on=datetime.date(2024, 2, 3),
                 times_rewatched=2, note="Kakeru & the letter <3")  # fmt: skip
    EntryFactory(user=owner, title=clannad, status="on_hold", episodes_watched=7)
    EntryFactory(user=owner, title=local, status="watching", cry_rating=1)
    ReviewFactory(user=owner, title=orange, body="It wrecked me in the gentlest way possible. " * 2)
    return {"orange": orange, "clannad": clannad, "local": local}


def test_the_mal_export_holds_every_entry_with_a_myanimelist_id(signed_in, shelf):
    response = signed_in.get(reverse("accounts:export_mal"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    root = fromstring(response.content)
    assert root.findtext("myinfo/user_export_type") == "1"
    animes = {a.findtext("series_animedb_id"): a for a in root.findall("anime")}
    assert set(animes) == {"32729", "4181"}  # "Only Here" has no MyAnimeList id
    orange = animes["32729"]
    assert orange.findtext("my_status") == "Completed"
    assert orange.findtext("my_start_date") == "2024-01-02"
    assert orange.findtext("my_score") == "9"
    assert orange.findtext("my_comments") == "Kakeru & the letter <3"
    assert animes["4181"].findtext("my_status") == "On-Hold"
    assert animes["4181"].findtext("my_finish_date") == "0000-00-00"


def test_cry_ratings_and_reviews_go_into_the_comments_only_when_asked(signed_in, shelf):
    plain = signed_in.get(reverse("accounts:export_mal")).content.decode()
    assert "cry rating" not in plain and "wrecked me" not in plain
    chosen = fromstring(signed_in.get(reverse("accounts:export_mal") + "?with_cry=1").content)
    orange = next(a for a in chosen.findall("anime") if a.findtext("series_animedb_id") == "32729")
    comments = orange.findtext("my_comments")
    assert "sadlist cry rating: 5/5 (Destroyed)" in comments
    assert "It wrecked me in the gentlest way" in comments


def test_the_gzipped_export_unpacks_to_the_same_file(signed_in, shelf):
    packed = signed_in.get(reverse("accounts:export_mal_gz"))
    assert packed["Content-Type"] == "application/gzip"
    plain = signed_in.get(reverse("accounts:export_mal")).content
    assert gzip.decompress(packed.content) == plain


def test_a_round_trip_into_a_fresh_account_gives_the_same_entries(signed_in, owner, shelf):
    exported = signed_in.get(reverse("accounts:export_mal_gz")).content
    fresh = UserFactory(username="mika")
    other = Client()
    other.force_login(fresh)
    upload = SimpleUploadedFile("export.xml.gz", exported, "application/gzip")
    preview = other.post(reverse("watchlist:mal_import"), {"export": upload})
    other.post(preview["Location"], {"policy": "keep"})

    def entries(user):
        return {
            entry.title.slug: [getattr(entry, name) for name in FIELDS]
            for entry in Entry.objects.filter(user=user, title__mal_id__isnull=False)
        }

    assert entries(fresh) == entries(owner)
    assert set(Entry.objects.filter(user=fresh).values_list("cry_rating", flat=True)) == {None}
    assert_stats_match_entries()


def test_the_csv_export_has_a_row_per_entry(signed_in, shelf):
    response = signed_in.get(reverse("accounts:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    orange = next(row for row in rows if row["title"] == "Orange")
    assert (orange["mal_id"], orange["anilist_id"], orange["status"]) == ("32729", "21647",
                                                                          "completed")  # fmt: skip
    assert (orange["cry_rating"], orange["cry_rating_label"], orange["score"]) == (
        "5",
        "Destroyed",
        "9",
    )
    assert orange["started_on"] == "2024-01-02"
    local = next(row for row in rows if row["title"] == "Only Here")
    assert local["mal_id"] == ""


@pytest.mark.parametrize("name", ["accounts:export_mal", "accounts:export_mal_gz",
                                  "accounts:export_csv"])  # fmt: skip
def test_exports_need_signing_in_and_hold_only_ones_own(client, shelf, name, other_user):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(other_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content
    if name.endswith("_gz"):
        content = gzip.decompress(content)
    assert b"Orange" not in content


def test_the_settings_page_offers_every_export_and_the_import(signed_in):
    page = signed_in.get(reverse("accounts:settings")).content.decode()
    for name in ["accounts:export", "accounts:export_mal", "accounts:export_mal_gz",
                 "accounts:export_csv", "watchlist:mal_import"]:  # fmt: skip
        assert f'href="{reverse(name)}' in page, name
