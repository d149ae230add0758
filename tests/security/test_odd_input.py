"""Very long, null-byte and SQL-looking input is answered, never a server error.

Every query parameter the pages read and every field of every form gets each odd value.
The answer is a page (200), a redirect, 400, 404 or the sign-in lockout; never 500. A
form that refuses the input changes nothing; SQL-looking text that a form accepts is
stored as the text it is. Run on PostgreSQL too (see README): it refuses null bytes
where SQLite stores them.
"""

import pytest
from django.urls import reverse

from catalog.models import Title
from tests.security.endpoints import FORM_NAMES, forms
from tests.security.helpers import client_for, db_state

pytestmark = pytest.mark.django_db

ODD = {
    "long": "x" * 100_000,
    "null-byte": "tears\x00more",
    "sql-or": "' OR 1=1 --",
    "sql-drop": "1; DROP TABLE catalog_title; --",
    "huge-number": "9" * 40,
    "negative": "-1",
    "superscript-digit": "²",
    "newline": "a\r\nLocation: https://evil.example/",
    "markup": "<script>alert(1)</script>",
}
# Sent into each field or parameter alone, the others valid; every value also goes into all
# of them at once.
ONE_FIELD_AT_A_TIME = ["long", "null-byte", "sql-drop", "huge-number", "newline"]
ANSWERS = {200, 301, 302, 400, 404}
THROTTLED = 429  # five wrong passwords for one account: the lockout page

PUBLIC_PAGES = {
    "home": ("/", ["q", "page"]),
    "title_list": ("/titles/", ["q", "format", "tag", "exclude", "decade", "sort", "page"]),
    "title_suggest": ("/titles/suggest/", ["q"]),
    "rankings:tearful": ("/rankings/", ["format", "tag", "exclude", "decade", "page"]),
    "rankings:watched": ("/rankings/watched/", ["format", "tag", "exclude", "decade", "page"]),
    "rankings:article": ("/rankings/article/", ["format", "tag", "decade"]),
    "title_detail": ("/titles/grave-of-the-fireflies/", ["rpage", "reviews"]),
    "review_list": ("/reviews/", ["page"]),
    "list_index": ("/lists/", ["page"]),
    "profile": ("/u/alice/", ["page"]),
    "feed": ("/reviews/feed/", ["page"]),
    "sitemap": ("/sitemap.xml", ["p", "section"]),
    "login": ("/accounts/login/", ["next"]),
    "signup": ("/accounts/signup/", ["next"]),
}


@pytest.mark.parametrize("label", ODD)
def test_public_pages_answer_odd_query_parameters(scene, label):
    value = ODD[label]
    visitor, member = client_for(), client_for(scene.other)
    for name, (url, params) in PUBLIC_PAGES.items():
        for client in (visitor, member):
            response = client.get(url, dict.fromkeys(params, value))
            assert response.status_code in ANSWERS, (name, response.status_code)
        if label in ONE_FIELD_AT_A_TIME:
            # Each alone too, so it is read while the others are valid.
            for param in params:
                response = visitor.get(url, {param: value})
                assert response.status_code in ANSWERS, (name, param, response.status_code)


@pytest.mark.parametrize("value", ODD.values(), ids=ODD.keys())
def test_the_watchlist_answers_odd_query_parameters(scene, value):
    client = client_for(scene.owner)
    for param in ["status", "sort", "page"]:
        response = client.get(reverse("watchlist:entry_list"), {param: value})
        assert response.status_code in ANSWERS, param


@pytest.mark.parametrize("value", ODD.values(), ids=ODD.keys())
def test_odd_addresses_are_404_not_errors(client, scene, value):
    for url in ["/titles/", "/lists/", "/u/", "/reviews/", "/watchlist/", "/admin/catalog/title/"]:
        response = client.get(url + value[:200] + "/")
        assert response.status_code in ANSWERS, url


@pytest.mark.parametrize("value", ODD.values(), ids=ODD.keys())
def test_the_admin_answers_odd_searches_and_filters(scene, value):
    client = client_for(scene.admin)
    changelists = [
        ("admin:catalog_title_changelist", ["q", "decade", "year", "format__exact", "o", "p"]),
        ("admin:catalog_tag_changelist", ["q", "kind__exact"]),
        ("admin:reviews_review_changelist", ["q", "reported", "is_hidden__exact"]),
        ("admin:accounts_user_changelist", ["q"]),
    ]
    # At most what gunicorn lets through in a request line (4094 bytes): a 100,000-character
    # admin search makes SQLite refuse the LIKE pattern, a case only runserver could reach.
    value = value[:4000]
    for name, params in changelists:
        for param in params:
            response = client.get(reverse(name), {param: value})
            assert response.status_code in ANSWERS, (name, param, response.status_code)
    for field in ["tags", "content_notes"]:
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "catalog", "model_name": "title", "field_name": field, "term": value},
        )
        assert response.status_code in ANSWERS, field


def check_answer(client, target, data, label):
    before = db_state()
    response = client.post(target, data)
    status = response.status_code
    assert status in ANSWERS | {THROTTLED}, (label, status)
    if status in (200, 400):
        # The form was shown again with its errors: nothing may have been saved.
        assert db_state() == before, label
    if status == 302:
        assert "evil.example" not in response["Location"], label


@pytest.mark.parametrize("form_name", FORM_NAMES)
def test_forms_answer_odd_input_and_save_nothing_when_refusing_it(scene, form_name):
    (form,) = [form for form in forms(scene) if form[0] == form_name]
    _name, user, url, data = form
    client = client_for(user)
    target = url(scene, client) if callable(url) else url
    for label, value in ODD.items():
        everything = {**dict.fromkeys(data, value), "unexpected_field": value}
        check_answer(client, target, everything, (label, "every field"))
    for label in ONE_FIELD_AT_A_TIME:
        for field in [*data, "unexpected_field"]:
            check_answer(client, target, {**data, field: ODD[label]}, (label, field))


def test_every_form_is_covered(scene):
    assert [form[0] for form in forms(scene)] == FORM_NAMES


def test_sql_looking_text_is_stored_as_text(scene):
    client = client_for(scene.admin)
    data = {"title_en": ODD["sql-drop"], "slug": "bobby-tables", "format": "tv"}
    assert client.post(reverse("admin:catalog_title_add"), data).status_code == 302
    assert Title.objects.get(slug="bobby-tables").title_en == ODD["sql-drop"]
    response = client_for().get(reverse("catalog:title_list"), {"q": ODD["sql-or"]})
    assert response.status_code == 200
    assert list(response.context["titles"]) == []
    assert Title.objects.count() == 4  # the table is still there, with every row


@pytest.mark.parametrize(
    "url",
    [
        "/admin/catalog/title/?q=%00",
        "/admin/catalog/title/?format__exact=tv%00",
        "/admin/reviews/review/?q%00=x",
        "/admin/axes/accessattempt/?q=a%00",
        "/admin/autocomplete/?app_label=catalog&model_name=title&field_name=tags&term=%00",
        "/admin/catalog/title/1%00/change/",
    ],
)
def test_a_null_character_in_an_admin_address_gets_the_400_page(curator_client, url):
    response = curator_client.get(url)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/titles/?q=steins%00gate", "/rankings/?tag=%00", "/u/al%00ice/"])
def test_a_null_character_on_a_site_page_is_handled_by_the_page(client, scene, url):
    assert client.get(url).status_code in (200, 404)


def test_a_null_character_in_a_form_field_gets_the_forms_message(scene):
    response = client_for(scene.owner).post(
        reverse("accounts:settings"),
        {"display_name": "a\x00b", "bio": "", "watchlist_visibility": "public"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("display_name", "null_characters_not_allowed")
