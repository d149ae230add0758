"""Importing a MyAnimeList export: every quirk of real files, every bad file, the preview."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import EntryFactory, TitleFactory, UserFactory
from tests.integrity import assert_stats_match_entries
from tests.watchlist.mal_files import anime, export, gzipped
from watchlist.models import Entry, ImportBatch, MissingTitle, UnmatchedEntry

pytestmark = pytest.mark.django_db

UPLOAD = reverse("watchlist:mal_import")


@pytest.fixture
def catalog(db):
    return {
        "orange": TitleFactory(title_en="Orange", slug="orange", mal_id=32729, episodes=13),
        "clannad": TitleFactory(
            title_en="Clannad: After Story",
            title_romaji="Clannad: After Story",
            slug="clannad-after-story",
            mal_id=4181,
            episodes=24,
        ),
        "wolf": TitleFactory(
            title_en="Wolf Children",
            title_romaji="Ookami Kodomo no Ame to Yuki",
            slug="wolf-children",
            format="movie",
            episodes=1,
        ),
    }


def upload(client, data, name="animelist_1700000000_-_1234.xml.gz", content_type="text/plain"):
    return client.post(UPLOAD, {"export": SimpleUploadedFile(name, data, content_type)})


def preview(client, data, **kwargs):
    response = upload(client, data, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def import_file(client, data, policy="keep"):
    url = preview(client, data)
    return client.post(url, {"policy": policy}, follow=True)


FULL = export(
    anime(32729, "Orange", watched=13, episodes=13, score=9, start="2016-07-04",
          finish="2016-09-26", comments="Kakeru's letter.", times=1, tags="sad, school"),
    anime(4181, "Clannad: After Story", status="Watching", watched=10, episodes=24),
    # No MAL id in the catalog: matched by its romaji name, ignoring case and punctuation.
    anime(12355, "ookami kodomo no ame to yuki", status="Plan to Watch", watched=0),
    anime(99999, "A Title Nobody Has", status="Dropped", watched=2, episodes=12),
)  # fmt: skip


def test_the_preview_counts_matches_and_lists_the_unmatched_and_changes_nothing(signed_in, catalog):
    url = preview(signed_in, FULL)
    page = signed_in.get(url).content.decode()
    assert "<strong>4</strong> entries" in page
    assert "<strong>3</strong> matched a title on sadlist: 3 will be added" in page
    assert "A Title Nobody Has" in page and "99999" in page
    assert "1 entry has MyAnimeList tags" in page
    assert not Entry.objects.exists()


def test_an_import_adds_the_matched_entries_with_every_field_mapped(signed_in, owner, catalog):
    response = import_file(signed_in, FULL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>3</strong> added" in page
    orange = Entry.objects.get(user=owner, title=catalog["orange"])
    assert (orange.status, orange.episodes_watched, orange.score) == ("completed", 13, 9)
    assert orange.started_on == datetime.date(2016, 7, 4)
    assert orange.finished_on == datetime.date(2016, 9, 26)
    assert (orange.times_rewatched, orange.note, orange.cry_rating) == (1, "Kakeru's letter.", None)
    clannad = Entry.objects.get(user=owner, title=catalog["clannad"])
    assert (clannad.status, clannad.episodes_watched) == ("watching", 10)
    assert Entry.objects.get(user=owner, title=catalog["wolf"]).status == "plan_to_watch"
    assert_stats_match_entries()
    # The unmatched one stays visible, and curators see it asked for.
    assert UnmatchedEntry.objects.get(user=owner).missing_title.mal_id == 99999
    assert (
        "A Title Nobody Has"
        in signed_in.get(reverse("watchlist:mal_import_unmatched")).content.decode()
    )
    # The completed titles are offered for a quick cry rating.
    assert f'action="{reverse("watchlist:entry_quick_save", args=["orange"])}"' in page


def test_importing_the_same_file_twice_changes_nothing_the_second_time(signed_in, catalog):
    import_file(signed_in, FULL)
    before = list(Entry.objects.order_by("pk").values())
    for policy in ["keep", "take", "fill"]:
        response = import_file(signed_in, FULL, policy=policy)
        assert "<strong>0</strong> added, <strong>0</strong> updated" in response.content.decode()
    assert list(Entry.objects.order_by("pk").values()) == before
    assert UnmatchedEntry.objects.count() == 1
    assert MissingTitle.objects.count() == 1


@pytest.mark.parametrize(
    ("policy", "status", "score", "note"),
    [
        ("keep", "watching", None, "mine"),
        ("take", "completed", 9, "Kakeru's letter."),
        ("fill", "watching", 9, "mine"),
    ],
)
def test_the_member_chooses_what_happens_to_titles_already_listed(
    signed_in, owner, catalog, policy, status, score, note
):
    EntryFactory(user=owner, title=catalog["orange"], status="watching", cry_rating=4, note="mine")
    page = signed_in.get(preview(signed_in, FULL)).content.decode()
    assert "1 is on your watchlist already" in page
    signed_in.post(
        reverse("watchlist:mal_import_preview", args=[ImportBatch.objects.get().pk]),
        {"policy": policy},
    )
    orange = Entry.objects.get(user=owner, title=catalog["orange"])
    assert (orange.status, orange.score, orange.note) == (status, score, note)
    assert orange.cry_rating == 4  # never touched: MyAnimeList has none
    assert_stats_match_entries()


def test_a_confirmation_sent_twice_imports_once(signed_in, catalog):
    url = preview(signed_in, FULL)
    signed_in.post(url, {"policy": "keep"})
    response = signed_in.post(url, {"policy": "take"})
    assert response.status_code == 302
    assert Entry.objects.count() == 3
    assert ImportBatch.objects.get().policy == "keep"


def test_quirks_of_real_exports_are_mended(signed_in, owner, catalog):
    data = export(
        anime(32729, "Orange &amp;amp; more", status="2", watched=40, episodes=13,
              start="2016-00-00", comments="tears\x07 and \x1bmore"),
        anime(4181, "Clannad & After", status="watching", watched=3, episodes=24,
              extra="\n    <my_fansub_group>x</my_fansub_group><my_dvd>1</my_dvd>"),
        myinfo=False,
        header=False,
    ).replace(b"Clannad & After]]", b"Clannad & After]]")  # fmt: skip
    # Another tool wrote a bare & outside CDATA.
    data = data.replace(b"<my_sns>default</my_sns>", b"<my_sns>A & B</my_sns>", 1)
    response = import_file(signed_in, data)
    assert response.status_code == 200
    orange = Entry.objects.get(user=owner, title=catalog["orange"])
    # Completed fills in the title's episodes; 40 watched of 13 is clamped, and said.
    assert (orange.status, orange.episodes_watched) == ("completed", 13)
    assert orange.started_on is None
    assert orange.note == "tears and more"
    page = response.content.decode()
    assert "incomplete or not a date" in page
    assert Entry.objects.get(user=owner, title=catalog["clannad"]).status == "watching"


def test_watched_episodes_beyond_the_total_are_clamped_and_said(signed_in, owner, catalog):
    data = export(anime(4181, "Clannad: After Story", status="On-Hold", watched=30, episodes=24))
    page = import_file(signed_in, data).content.decode()
    assert Entry.objects.get(user=owner).episodes_watched == 24
    assert "30 watched episodes became 24, the title&#x27;s total" in page


def test_dates_the_site_refuses_are_left_empty_and_said(signed_in, owner, catalog):
    data = export(
        anime(32729, "Orange", watched=13, episodes=13, start="2016-09-01", finish="2016-01-01"),
        anime(4181, "Clannad", status="Watching", watched=1, episodes=24, start="2999-01-01"),
    )
    page = import_file(signed_in, data).content.decode()
    assert Entry.objects.get(title=catalog["orange"]).finished_on is None
    assert Entry.objects.get(title=catalog["clannad"]).started_on is None
    assert "That date was left empty." in page


def test_a_gzipped_export_is_recognised_by_its_bytes_not_its_name(signed_in, owner, catalog):
    import_file(signed_in, gzipped(FULL))
    assert Entry.objects.filter(user=owner).count() == 3


def test_an_unpacked_export_named_gz_still_imports(signed_in, owner, catalog):
    preview(signed_in, FULL, name="list.xml.gz", content_type="application/gzip")


BAD_FILES = {
    "empty": (b"", "The submitted file is empty."),
    "not xml": (b"PNG\x89 this is not xml at all", "not well-formed XML (line 1"),
    "truncated": (FULL[: len(FULL) // 2], "may be cut short"),
    "not MAL": (b"<?xml version='1.0'?><rss><channel/></rss>", "not a MyAnimeList export"),
    "manga": (
        b"<myanimelist><myinfo><user_export_type>2</user_export_type></myinfo>"
        b"<manga><manga_mangadb_id>1</manga_mangadb_id></manga></myanimelist>",
        "That is a manga list.",
    ),
    "no entries": (b"<myanimelist><myinfo/></myanimelist>", "holds no anime entries"),
    "entity expansion": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<myanimelist>&lol2;</myanimelist>",
        "declares a DTD or entities",
    ),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<myanimelist><anime><series_title>&xxe;</series_title></anime></myanimelist>",
        "declares a DTD or entities",
    ),
    "broken gzip": (b"\x1f\x8b\x08\x00garbage", "can't be unpacked"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(signed_in, catalog, name):
    data, message = BAD_FILES[name]
    response = upload(signed_in, data)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not ImportBatch.objects.exists()
    assert not Entry.objects.exists()


def test_a_gzip_bomb_stops_at_the_unpacked_limit(signed_in, settings, catalog):
    settings.SADLIST_IMPORT_MAX_XML_BYTES = 100_000
    bomb = gzipped(b"<myanimelist>" + b" " * 5_000_000 + b"</myanimelist>")
    assert len(bomb) < 10_000
    response = upload(signed_in, bomb)
    assert "Unpacked, that file is more than" in response.content.decode()


def test_too_large_and_too_many_are_refused(signed_in, settings, catalog):
    settings.SADLIST_IMPORT_MAX_BYTES = 1000
    assert "the limit is 1000" in upload(signed_in, FULL).content.decode().replace("\xa0", " ")
    settings.SADLIST_IMPORT_MAX_BYTES = 10_000_000
    settings.SADLIST_IMPORT_MAX_ENTRIES = 3
    assert "holds 4 entries; the limit is 3" in upload(signed_in, FULL).content.decode()


def test_imports_belong_to_their_member(client, owner, catalog):
    client.force_login(owner)
    url = preview(client, FULL)
    client.force_login(UserFactory(username="bob"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"policy": "take"}).status_code == 404
    assert not Entry.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_policy_is_refused_at_the_form(signed_in, catalog):
    url = preview(signed_in, FULL)
    response = signed_in.post(url, {"policy": "everything"})
    assert response.status_code == 200
    assert not Entry.objects.exists()


def test_a_completed_entry_whose_file_progress_differs_is_left_unchanged(signed_in, owner, catalog):
    """Completed fills in every episode, so the file's lower count can't change it."""
    data = export(anime(32729, "Orange", status="Completed", watched=5, episodes=13))
    import_file(signed_in, data)
    response = import_file(signed_in, data, policy="take")
    assert "<strong>0</strong> updated, <strong>1</strong> unchanged" in response.content.decode()
    assert Entry.objects.get(user=owner).episodes_watched == 13


def test_an_entry_matches_a_title_by_one_of_its_alternative_titles(signed_in, owner):
    title = TitleFactory(title_en="Anohana", slug="anohana", other_titles="AnoHana\nAno Hana")
    import_file(signed_in, export(anime(0, "ano hana", status="Watching", watched=2, episodes=11)))
    assert Entry.objects.get(user=owner).title == title
