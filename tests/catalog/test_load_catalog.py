import time

import pytest
from django.core.management import call_command

from catalog.management.commands import load_catalog
from catalog.models import CuratedList, Title
from tests.catalog.samples import write_mal_csv

pytestmark = pytest.mark.django_db


def test_first_run_loads_the_committed_catalog_beside_the_article():
    call_command("load_catalog", verbosity=0)
    assert Title.objects.count() > 11_000
    assert CuratedList.objects.get().entries.count() == 20
    # The article's titles found in the 2016 data are one title each, still the article's.
    lie = Title.objects.get(mal_id=23273)
    assert (lie.slug, lie.title_en) == ("your-lie-in-april", "Your Lie in April")
    assert lie.synopsis.startswith("Our main protagonist Kosei Arima")
    assert lie.popularity == 416397
    # The catalog's name becomes an alternative title where it isn't one already.
    classroom = Title.objects.get(mal_id=24833)
    assert classroom.title_en == "Assassination Classroom"
    assert classroom.other_title_list == ["Ansatsu Kyoushitsu (TV)"]
    # Names decoded, adult titles left out.
    assert Title.objects.get(mal_id=9969).title_en == "Gintama'"
    assert not Title.objects.filter(title_en__contains="&#").exists()
    assert not Title.objects.filter(mal_id=11879).exists()  # genre Hentai
    assert Title.objects.filter(mal_id=15225).exists()  # only "Hentai" in its name
    assert Title.objects.values("slug").distinct().count() == Title.objects.count()

    # A later run adds nothing, keeps edits and deletions, and is quick.
    Title.objects.filter(mal_id=9969).update(title_en="Gintama' (curated)")
    Title.objects.filter(mal_id=5114).delete()
    count = Title.objects.count()
    started = time.monotonic()
    call_command("load_catalog", verbosity=0)
    assert time.monotonic() - started < 2
    assert Title.objects.count() == count
    assert Title.objects.get(mal_id=9969).title_en == "Gintama' (curated)"


def test_adult_titles_load_when_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(load_catalog, "CATALOG_CSV", write_mal_csv(tmp_path / "anime.csv"))
    call_command("load_catalog", "--include-adult", verbosity=0)
    assert Title.objects.filter(title_en="Adult Example").exists()
