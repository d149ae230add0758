"""The filter form written in Python (catalog's filter_form tag, sadlist's FastSelect):
the same selects Django's own templates write, every value escaped, each error shown."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict

from catalog.forms import TitleFilterForm
from catalog.models import Tag
from catalog.templatetags.catalog import filter_form
from sadlist.form_rendering import FastSelect, FastSelectMultiple, FastSelectRenderer
from tests.factories import TagFactory

pytestmark = pytest.mark.django_db

CHOICES = [("", "Any"), ("a&b", "A <&> B"), ("Group <1>", [("x", "X"), ("y", 'Y "q"')])]


@pytest.mark.parametrize(
    ("widget", "plain", "value"),
    [
        (FastSelect, forms.Select, None),
        (FastSelect, forms.Select, "y"),
        (FastSelect, forms.Select, "a&b"),
        (FastSelectMultiple, forms.SelectMultiple, ["x", "y", "nope"]),
        (FastSelectMultiple, forms.SelectMultiple, None),
    ],
)
def test_fast_selects_write_what_djangos_select_writes(widget, plain, value):
    """Django's Select and SelectMultiple, through the site's renderer (FastSelectRenderer,
    which writes Django's select templates in Python)."""
    attrs = {"class": "form-select", "size": 4}
    fast = widget(attrs=attrs, choices=CHOICES)
    plain = plain(attrs=attrs, choices=CHOICES)
    render_attrs = {"id": "id_f", "aria-describedby": "id_f_helptext"}
    assert fast.render("f", value, render_attrs) == plain.render("f", value, render_attrs)


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.TextInput(attrs={"maxlength": 100, "required": True, "hidden": False}), None),
        (forms.TextInput(), 'a "quoted" <b>&amp;</b>'),
        (forms.TextInput(), ""),
        (forms.TextInput(), False),
        (forms.SearchInput(attrs={"placeholder": "Search <titles>"}), "movie"),
        (forms.NumberInput(attrs={"min": 0, "max": 5}), 3),
        (forms.EmailInput(), "mei@example.com"),
        (forms.URLInput(), "https://example.com/?a=1&b=2"),
        (forms.PasswordInput(), "secret"),
        (forms.PasswordInput(render_value=True), "secret"),
        (forms.HiddenInput(), "x&y"),
        (forms.DateInput(), "2026-12-02"),
        (forms.Select(attrs={"class": "form-select"}, choices=CHOICES), "y"),
        (forms.SelectMultiple(choices=CHOICES), ["x", "a&b"]),
    ],
)
def test_the_site_renderer_writes_what_djangos_templates_write(widget, value):
    """Each widget FastSelectRenderer writes in Python, against Django's own templates: the
    same lines (the selects leave out the empty ones Django's template loop leaves)."""
    attrs = {"id": "id_f", "aria-describedby": "id_f_helptext"}
    fast = widget.render("f", value, attrs, renderer=FastSelectRenderer())
    plain = widget.render("f", value, attrs, renderer=DjangoTemplates())
    assert fast.splitlines() == [line for line in plain.splitlines() if line]


def test_the_filter_form_escapes_the_query_and_explains_each_error():
    TagFactory(name="Drama", slug="drama")
    TagFactory(name="War", slug="war", kind=Tag.Kind.CONTENT_NOTE)
    form = TitleFilterForm(
        QueryDict("q=%3Cscript%3E&tag=war&tag=nope&decade=1990&sort=sideways"),
        tags=Tag.objects.all(),
    )
    form.is_valid()
    html = filter_form(form, "/titles/?a=<b>", 'Search "titles"', "Show <titles>", True)
    assert "<script>" not in html
    assert 'value="&lt;script&gt;"' in html
    assert (
        'action="/titles/?a=&lt;b&gt;"' in html and 'aria-label="Search &quot;titles&quot;"' in html
    )
    assert '<option value="war" selected>War</option>' in html
    assert '<option value="1990" selected>1990s</option>' in html
    assert '<optgroup label="Content note">' in html
    for field in ("tag", "sort"):
        assert f'<div class="invalid-feedback d-block" id="id_{field}_error">' in html
    assert html.count("This filter was ignored.") == 2
    assert "Show &lt;titles&gt;</button>" in html
    assert '<a class="btn btn-link" href="/titles/?a=&lt;b&gt;">Clear</a>' in html
    assert "Clear" not in filter_form(form, "/titles/", "l", "s", False)


def test_fast_selects_fall_back_to_the_templates_under_another_renderer():
    widget = FastSelect(choices=CHOICES)
    rendered = widget.render("f", "x", renderer=DjangoTemplates())
    assert rendered == forms.Select(choices=CHOICES).render("f", "x", renderer=DjangoTemplates())
