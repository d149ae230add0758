import pytest
from django.core.management import call_command

from catalog.models import CuratedList, ListEntry, Tag, Title

pytestmark = pytest.mark.django_db


def counts():
    return (
        Title.objects.count(),
        Tag.objects.count(),
        CuratedList.objects.count(),
        ListEntry.objects.count(),
    )


def test_loads_the_article_on_an_empty_site():
    call_command("load_article", verbosity=0)
    assert counts()[0] == 20
    assert CuratedList.objects.get().entries.count() == 20


def test_second_run_keeps_curators_edits():
    call_command("load_article", verbosity=0)
    Title.objects.filter(slug="nana").update(synopsis="Edited by a curator.")
    before = counts()
    call_command("load_article", verbosity=0)
    assert counts() == before
    assert Title.objects.get(slug="nana").synopsis == "Edited by a curator."


def test_force_reloads_over_edits_without_duplicating():
    call_command("load_article", verbosity=0)
    Title.objects.filter(slug="nana").update(synopsis="Edited by a curator.")
    before = counts()
    call_command("load_article", force=True, verbosity=0)
    assert counts() == before
    assert Title.objects.get(slug="nana").synopsis.startswith("Nana Komatsu and Nana Osaki")


def test_loaddata_twice_keeps_titles_added_by_curators():
    curator_title = Title.objects.create(title_en="Kanon", slug="kanon", year=2006)
    call_command("loaddata", "article", verbosity=0)
    call_command("loaddata", "article", verbosity=0)
    assert Title.objects.count() == 21
    assert Title.objects.get(pk=curator_title.pk).title_en == "Kanon"
