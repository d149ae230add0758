"""The article's fixture, fixtures/article.json, checked against its sources in
fixtures/article-sources/ (copied from the product brief's shared/ folder).

The expectations come from the seed article and titles.csv themselves, not from the fixture, so
a fixture rebuilt from wrong data fails here.
"""

import csv
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.models import CuratedList, ListEntry, Tag, Title

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "fixtures" / "article-sources"

pytestmark = pytest.mark.django_db
ARTICLE_TITLE = "20 Best Heartbreaking Anime That Will Make You CRY"
LIST_SLUG = "20-best-heartbreaking-anime"

# The article's headings that misspell their title.
HEADING_TITLES = {
    "Your LIie In April": "Your Lie in April",
    "Steins; Gate": "Steins;Gate",
    "I Want To Eat Your Pancreas": "I Want to Eat Your Pancreas",
    "Your Name": "Your Name.",
}

# (pattern of the article's wrong spelling, the right one, the title whose names or blurb carry
# it). Patterns are case-sensitive: several fixes only change case.
CORRECTIONS = [
    (re.escape("Your LIie In April"), "Your Lie in April", "your-lie-in-april"),
    (re.escape("Kosei Armia"), "Kosei Arima", "your-lie-in-april"),
    (re.escape("Takaki and Akira"), "Takaki and Akari", "5-centimeters-per-second"),
    (re.escape("5 Centimeters Per Second"), "5 Centimeters per Second", "5-centimeters-per-second"),
    (re.escape("Steins; Gate"), "Steins;Gate", "steins-gate"),
    (
        re.escape("I Want To Eat Your Pancreas"),
        "I Want to Eat Your Pancreas",
        "i-want-to-eat-your-pancreas",
    ),
    # Wrong only without its period.
    (r"Your Name(?!\.)", "Your Name.", "your-name"),
    (re.escape("Shiga Haruki"), "Haruki Shiga", "i-want-to-eat-your-pancreas"),
    (
        re.escape("Kaname and Miki are"),
        "Madoka Kaname and Sayaka Miki are",
        "puella-magi-madoka-magica",
    ),
    (re.escape("help Kaname and Miki"), "help Madoka and Sayaka", "puella-magi-madoka-magica"),
    (re.escape("“Banana Fish” Is revealed"), "“Banana Fish” is revealed", "banana-fish"),
]

HEADING = re.compile(r"^(\d+)\.\s+(.+?)\s*$", re.MULTILINE)


def read_article():
    """The article's introduction and its sections as (number, heading, blurb)."""
    text = (SOURCES / "article.txt").read_text(encoding="utf-8")
    assert text.startswith(ARTICLE_TITLE)
    headings = list(HEADING.finditer(text))
    ends = [heading.start() for heading in headings[1:]] + [len(text)]
    sections = [
        (int(heading[1]), heading[2], text[heading.end() : end])
        for heading, end in zip(headings, ends, strict=True)
    ]
    intro = text[len(ARTICLE_TITLE) : headings[0].start()]
    return intro, sections


def read_titles_csv():
    with (SOURCES / "titles.csv").open(newline="", encoding="utf-8") as csv_file:
        return list(csv.DictReader(csv_file))


def words(text):
    return text.split()


def corrected(text):
    for pattern, right, _ in CORRECTIONS:
        text = re.sub(pattern, right, text)
    return text


def everything_loaded():
    """Every piece of text the fixture loads, to look for a spelling anywhere."""
    texts = []
    for title in Title.objects.all():
        texts += [title.title_en, title.title_romaji, title.title_native, title.synopsis]
    texts += [entry.note for entry in ListEntry.objects.all()]
    for curated_list in CuratedList.objects.all():
        texts += [curated_list.name, curated_list.description, curated_list.source_name]
    for tag in Tag.objects.all():
        texts += [tag.name, tag.description]
    return texts


@pytest.fixture
def article_list():
    call_command("loaddata", "article", verbosity=0)
    return CuratedList.objects.get(slug=LIST_SLUG)


def entry_order(curated_list):
    return list(curated_list.entries.order_by("position").values_list("position", "title__slug"))


def test_loads_twenty_titles_on_one_list(article_list):
    assert Title.objects.count() == 20
    assert article_list.entries.count() == 20
    assert CuratedList.objects.count() == 1


def test_entries_follow_the_articles_order(article_list):
    _, sections = read_article()
    assert [number for number, _, _ in sections] == list(range(1, 21))
    expected = [HEADING_TITLES.get(heading, heading) for _, heading, _ in sections]

    entries = article_list.entries.order_by("position").select_related("title")

    assert [entry.position for entry in entries] == list(range(1, 21))
    assert [entry.title.title_en for entry in entries] == expected


def test_each_note_starts_with_the_articles_blurb(article_list):
    _, sections = read_article()
    entries = article_list.entries.order_by("position").select_related("title")

    for entry, (_, heading, blurb) in zip(entries, sections, strict=True):
        assert entry.note.strip(), heading
        assert words(entry.note)[:12] == words(corrected(blurb))[:12], heading
        assert entry.title.synopsis == entry.note, heading


def test_list_describes_and_credits_the_article(article_list):
    intro, _ = read_article()

    assert words(article_list.description) == words(intro)
    assert len(article_list.description.split("\n\n")) == 2
    assert article_list.source_name == ARTICLE_TITLE
    assert article_list.is_published
    assert article_list.created_by is None


@pytest.mark.parametrize(
    ("wrong", "right", "slug"), CORRECTIONS, ids=[right for _, right, _ in CORRECTIONS]
)
def test_spelling_is_corrected(article_list, wrong, right, slug):
    for text in everything_loaded():
        assert not re.search(wrong, text), text

    title = Title.objects.get(slug=slug)
    note = title.list_entries.get(curated_list=article_list).note
    assert right in f"{title.title_en}\n{title.synopsis}\n{note}"


def test_loading_twice_duplicates_nothing(article_list):
    def snapshot():
        return {
            "titles": Title.objects.count(),
            "tags": Tag.objects.count(),
            "lists": CuratedList.objects.count(),
            "entries": ListEntry.objects.count(),
            "title tags": Title.tags.through.objects.count(),
            "title notes": Title.content_notes.through.objects.count(),
            "order": entry_order(article_list),
        }

    first = snapshot()
    call_command("loaddata", "article", verbosity=0)

    assert snapshot() == first


@pytest.mark.parametrize("row", read_titles_csv(), ids=lambda row: row["title_en"])
def test_csv_facts_are_loaded(article_list, row):
    title = Title.objects.get(mal_id=int(row["mal_id"]))

    assert title.anilist_id == int(row["anilist_id"])
    assert (title.title_en, title.title_romaji, title.title_native) == (
        row["title_en"],
        row["title_romaji"],
        row["title_native"],
    )
    assert title.format == {"TV": "tv", "Movie": "movie"}[row["format"]]
    assert title.year == int(row["year"])
    assert title.episodes == int(row["episodes"])
    assert title.studio == row["studio"].replace("|", ", ")
    assert title.list_entries.get(curated_list=article_list).position == int(row["article_rank"])


def test_tags_and_content_notes_keep_to_their_kinds(article_list):
    for title in Title.objects.prefetch_related("tags", "content_notes"):
        assert {tag.kind for tag in title.content_notes.all()} <= {"content_note"}, title
        assert "content_note" not in {tag.kind for tag in title.tags.all()}, title


def test_every_title_has_a_genre(article_list):
    for title in Title.objects.prefetch_related("tags"):
        assert "genre" in {tag.kind for tag in title.tags.all()}, title


def test_the_expected_tags_exist(article_list):
    expected = {
        "genre": [
            "Romance",
            "Drama",
            "Slice of Life",
            "Fantasy",
            "Supernatural",
            "Sci-Fi",
            "Action",
            "Comedy",
            "Thriller",
            "Psychological",
        ],
        "theme": [
            "High School",
            "Time Travel",
            "Music",
            "Family",
            "Coming of Age",
            "Magical Girls",
        ],
        "content_note": [
            "War",
            "Death of a Parent",
            "Death of a Loved One",
            "Death of a Child",
            "Terminal Illness",
            "Suicide",
            "Bullying",
            "Violence",
            "Gore",
            "Abuse",
            "Natural Disaster",
            "Human Experimentation",
            "Sexual Violence",
        ],
    }
    for kind, names in expected.items():
        loaded = set(Tag.objects.filter(kind=kind).values_list("name", flat=True))
        assert set(names) <= loaded, kind
    for note in Tag.objects.filter(kind="content_note"):
        assert note.description, note
    assert Tag.objects.get(slug="war").kind == "content_note"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("steins gate", "steins-gate"),
        ("Kimi no Na wa", "your-name"),
        ("anohana", "anohana-the-flower-we-saw-that-day"),
    ],
)
def test_search_finds_the_fixture_titles(article_list, query, slug):
    # First: on PostgreSQL near misses follow ("kimi no na wa" is close to "kimi no uso").
    assert list(Title.objects.search(query).values_list("slug", flat=True))[0] == slug
