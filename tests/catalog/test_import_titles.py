import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog.models import CatalogImport, Tag, Title
from tests.catalog.samples import MAL_ROWS, anime, write_json, write_jsonl, write_mal_csv
from tests.catalog.test_admin import title_form
from tests.factories import TagFactory, TitleFactory

pytestmark = pytest.mark.django_db


def run(path, *args):
    """Import ``path``; the command's report."""
    from io import StringIO

    out = StringIO()
    call_command("import_titles", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    return sorted(
        Title.objects.values_list(
            "slug", "title_en", "other_titles", "format", "year", "episodes", "studio",
            "popularity", "mal_id", "anilist_id", "search_text", "updated_at",
        )
    ) + sorted(Title.tags.through.objects.values_list("title__slug", "tag__slug"))  # fmt: skip


@pytest.fixture(params=["json", "minified", "jsonl"])
def offline_file(request, tmp_path):
    if request.param == "jsonl":
        return write_jsonl(tmp_path / "anime-offline-database.jsonl")
    name = "anime-offline-database-minified.json" if request.param == "minified" else "a.json"
    return write_json(tmp_path / name, minified=request.param == "minified")


def test_each_offline_format_adds_the_titles_with_their_facts(offline_file):
    report = run(offline_file)
    assert "6 added, 0 updated, 0 unchanged, 2 skipped" in report
    kanon = Title.objects.get(mal_id=1530)
    assert (kanon.title_en, kanon.anilist_id, kanon.format) == ("Kanon (2006)", 1530, "tv")
    assert (kanon.year, kanon.episodes, kanon.studio) == (2006, 24, "studio example")
    assert kanon.other_title_list == ["Kanon"]
    assert kanon.picture_url == "https://cdn.myanimelist.net/images/anime/1530/1.jpg"
    only_anilist = Title.objects.get(anilist_id=999001)
    assert (only_anilist.format, only_anilist.episodes, only_anilist.year) == ("ona", None, None)
    assert not Title.objects.filter(title_en="Adult Example").exists()
    assert CatalogImport.objects.get().added == 6


def test_skipped_rows_are_reported_with_their_reason(tmp_path):
    report = run(write_jsonl(tmp_path / "a.jsonl"))
    assert "skipped 1, an adult title (Hentai); --include-adult imports these: line 8" in report
    assert "skipped 1, no MyAnimeList or AniList id" in report and "line 9" in report


def test_adult_titles_come_in_only_when_asked(tmp_path):
    run(write_jsonl(tmp_path / "a.jsonl"), "--include-adult")
    assert Title.objects.filter(title_en="Adult Example").exists()


def test_importing_the_same_file_twice_changes_nothing(offline_file):
    run(offline_file)
    before = snapshot()
    report = run(offline_file)
    assert "0 added, 0 updated, 6 unchanged, 2 skipped" in report
    assert snapshot() == before


def test_the_mal_csv_decodes_names_and_keeps_popularity(tmp_path):
    report = run(write_mal_csv(tmp_path / "anime.csv"))
    assert "6 added, 0 updated, 0 unchanged, 1 skipped" in report
    gintama = Title.objects.get(mal_id=9969)
    assert gintama.title_en == "Gintama'"
    assert gintama.popularity == 151266
    assert set(gintama.tags.values_list("slug", flat=True)) == {"action", "comedy", "historical",
                                                                "sci-fi"}  # fmt: skip
    unaired = Title.objects.get(mal_id=34000)
    assert (unaired.format, unaired.episodes) == ("unknown", None)
    # The CSV and then the open database: matched by MAL id, one title each.
    run(write_jsonl(tmp_path / "a.jsonl"))
    steins = Title.objects.get(mal_id=9253)
    assert Title.objects.filter(title_en="Steins;Gate").count() == 1
    assert (steins.anilist_id, steins.year, steins.popularity) == (9253, 2011, 673572)


def test_article_titles_keep_curated_names_blurbs_and_tags(article, tmp_path):
    lie = Title.objects.get(slug="your-lie-in-april")
    tags = set(lie.tags.values_list("slug", flat=True))
    run(write_jsonl(tmp_path / "a.jsonl"))
    lie.refresh_from_db()
    assert lie.title_en == "Your Lie in April"
    assert lie.synopsis.startswith("Our main protagonist Kosei Arima")
    assert set(lie.tags.values_list("slug", flat=True)) == tags
    assert lie.studio == "A-1 Pictures"  # curated spelling, not the file's "a-1 pictures"
    # The file's other names become alternative titles, searchable.
    assert "Kimiuso" in lie.other_title_list
    assert list(Title.objects.search("kimiuso")) == [lie]
    assert Title.objects.filter(mal_id=23273).count() == 1


def test_curators_admin_edits_survive_and_empty_facts_are_filled(curator_client, tmp_path):
    title = TitleFactory(title_en="Clannad", slug="clannad", mal_id=2167, year=None, studio="")
    url = reverse("admin:catalog_title_change", args=[title.pk])
    form = title_form(
        title_en="Clannad", slug="clannad", mal_id="2167", anilist_id="", year="", studio="",
        episodes="99", title_romaji="", title_native="",
    )  # fmt: skip
    assert curator_client.post(url, form).status_code == 302
    title.refresh_from_db()
    assert "episodes" in title.curated_fields
    run(write_jsonl(tmp_path / "a.jsonl"))
    title.refresh_from_db()
    assert title.episodes == 99  # the curator's
    assert (title.year, title.studio, title.anilist_id) == (2007, "kyoto animation", 2167)


def test_facts_nobody_curated_are_refreshed(tmp_path):
    title = TitleFactory(title_en="Steins Gate", mal_id=9253, episodes=1, year=2000)
    run(write_jsonl(tmp_path / "a.jsonl"))
    title.refresh_from_db()
    assert (title.title_en, title.episodes, title.year) == ("Steins;Gate", 24, 2011)


def test_a_title_found_by_anilist_id_gets_its_mal_id(tmp_path):
    title = TitleFactory(title_en="Kanon", anilist_id=1530)
    run(write_jsonl(tmp_path / "a.jsonl"))
    title.refresh_from_db()
    assert title.mal_id == 1530
    assert Title.objects.filter(anilist_id=1530).count() == 1


def test_tags_map_to_genres_and_themes_never_to_content_notes(tmp_path):
    TagFactory(name="Suicide", slug="suicide", kind=Tag.Kind.CONTENT_NOTE)
    run(write_jsonl(tmp_path / "a.jsonl"))
    clannad = Title.objects.get(mal_id=2167)
    assert set(clannad.tags.values_list("slug", flat=True)) == {"drama", "romance",
                                                                "slice-of-life"}  # fmt: skip
    assert not clannad.content_notes.exists()
    assert not Tag.objects.filter(kind=Tag.Kind.CONTENT_NOTE).exclude(slug="suicide").exists()


def test_slugs_are_unique_and_stay_put(tmp_path):
    TitleFactory(title_en="Kanon", slug="kanon-2006")
    run(write_jsonl(tmp_path / "a.jsonl"))
    assert Title.objects.get(mal_id=1530).slug == "kanon-2006-1530"
    first = dict(Title.objects.values_list("mal_id", "slug"))
    run(write_mal_csv(tmp_path / "anime.csv"))
    later = dict(Title.objects.values_list("mal_id", "slug"))
    assert {k: later[k] for k in first} == first


def test_duplicate_and_conflicting_ids_are_skipped(tmp_path):
    TitleFactory(title_en="One", mal_id=1)
    TitleFactory(title_en="Two", anilist_id=2)
    rows = [anime("Both", mal=1, anilist=2), anime("Kanon", mal=1530), anime("Again", mal=1530)]
    report = run(write_jsonl(tmp_path / "a.jsonl", rows))
    assert "its MyAnimeList id is «One»'s and its AniList id «Two»'s" in report
    assert "the same MyAnimeList id (1530) as line 3: line 4" in report
    assert Title.objects.count() == 3


def test_dry_run_reports_and_saves_nothing(tmp_path):
    report = run(write_jsonl(tmp_path / "a.jsonl"), "--dry-run")
    assert "6 added" in report and "Dry run: nothing was saved." in report
    assert not Title.objects.exists()
    assert not CatalogImport.objects.exists()


def bad_files(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl").read_text().splitlines()
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_text("\n".join([*good[:3], good[3][:40], *good[4:]]) + "\n")
    no_header = tmp_path / "no-header.jsonl"
    no_header.write_text("\n".join(good[1:]) + "\n")
    wrong_type = tmp_path / "wrong-type.jsonl"
    wrong_type.write_text("\n".join([*good[:4], good[4].replace('"TV"', '"PODCAST"')]) + "\n")
    broken_json = tmp_path / "broken.json"
    broken_json.write_text(write_json(tmp_path / "x.json").read_text()[:500])
    no_data = tmp_path / "no-data.json"
    no_data.write_text('{"anime": []}')
    csv_header = write_mal_csv(tmp_path / "header.csv", [["id", "name"], ["1", "A"]])
    csv_short = write_mal_csv(tmp_path / "short.csv", [*MAL_ROWS[:3], ["9", "Cut"], *MAL_ROWS[3:]])
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    other = tmp_path / "anime.xml"
    other.write_text("<anime/>")
    return {
        truncated: "line 4, column",
        no_header: "line 1: not the anime-offline-database JSONL",
        wrong_type: "line 5: \"type\" is 'PODCAST'",
        broken_json: "not valid JSON",
        no_data: 'no "data" list',
        csv_header: "line 1: not the MyAnimeList 2016 anime.csv",
        csv_short: "line 4: 2 columns instead of 7",
        empty: "the file is empty",
        other: "unknown kind of file",
        tmp_path / "missing.json": "no such file",
    }


def test_a_bad_file_is_explained_and_imports_nothing(tmp_path):
    TitleFactory(title_en="Already here")
    for path, message in bad_files(tmp_path).items():
        with pytest.raises(CommandError) as error:
            run(path)
        assert message in str(error.value), path.name
        assert "nothing was imported" in str(error.value)
    assert list(Title.objects.values_list("title_en", flat=True)) == ["Already here"]
    assert not CatalogImport.objects.exists()
