from django import forms
from django.db.models import F
from django.utils.choices import BaseChoiceIterator

from sadlist.form_rendering import FastSelect, FastSelectMultiple

from .models import Tag, Title
from .search import fold

DECADES = range(1960, 2040, 10)
UNKNOWN = {"invalid_choice": "“%(value)s” is not one of the choices."}
# The catalog's orders; "" is the default: best match when searching, else most popular.
SORTS = {
    "popular": "Most popular",
    "-cry": "Most tearful (mean cry rating)",
    "title": "Title, A to Z",
    "-title": "Title, Z to A",
    "-year": "Newest first",
    "year": "Oldest first",
}


class NormalChoices(BaseChoiceIterator):
    """Choices already in Django's normal form ((value, label) pairs, or (group, pairs)),
    which a field takes as they are: normalize_choices() spent 0.3 ms a field re-checking
    the tags' (slug, name) pairs on every request."""

    def __init__(self, choices):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


class TitleFiltersForm(forms.Form):
    """Format, tags (all of them), tags left out and decade, read from the query string.

    Shared by the catalog and the rankings. An invalid value is reported next
    to its field and that filter ignored; the rest of the page still works.
    """

    format = forms.ChoiceField(
        required=False, choices=[("", "Any format"), *Title.Format.choices], widget=FastSelect
    )
    tag = forms.MultipleChoiceField(
        required=False,
        widget=FastSelectMultiple,
        label="With every tag",
        error_messages=UNKNOWN,
        help_text="Choose several (Ctrl or ⌘ and click) to need them all.",
    )
    exclude = forms.MultipleChoiceField(
        required=False,
        widget=FastSelectMultiple,
        label="Without",
        error_messages=UNKNOWN,
        help_text="Leave out titles with any of these: “sad, but no suicide”.",
    )
    decade = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any decade"), *((str(d), f"{d}s") for d in DECADES)],
        widget=FastSelect,
        error_messages=UNKNOWN,
    )

    filter_names = ("format", "tag", "exclude", "decade")

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = {tag.slug: tag for tag in tags}
        # Genres, then themes, then content notes (Tag.Kind's order).
        groups = {kind: (label, []) for kind, label in Tag.Kind.choices}
        for tag in tags:
            groups[tag.kind][1].append((tag.slug, tag.name))
        groups = [(label, choices) for label, choices in groups.values() if choices]
        for name in ("tag", "exclude"):
            self.fields[name].choices = NormalChoices(groups)
            self.fields[name].widget.attrs["size"] = 4
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def filter_titles(self, queryset):
        """Apply the valid format, tag and decade filters; call after is_valid()."""
        if not self.is_bound:
            return queryset
        data = self.cleaned_data
        if data.get("format"):
            queryset = queryset.filter(format=data["format"])
        for slug in data.get("tag") or []:
            queryset = queryset.with_tag(self.tags[slug])
        if data.get("exclude"):
            queryset = queryset.without_tags([self.tags[slug] for slug in data["exclude"]])
        if data.get("decade") is not None:
            queryset = queryset.in_decade(data["decade"])
        return queryset

    @property
    def filtering(self):
        """Whether the query string asks for any of this form's filters."""
        return self.is_bound and any(self.data.get(name) for name in self.filter_names)


class TitleFilterForm(TitleFiltersForm):
    """The catalog's search box, filters and sort, read from the query string."""

    q = forms.CharField(
        label="Search titles",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "English, romaji or Japanese title",
                "class": "form-control",
            }
        ),
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[("", "Best match"), *SORTS.items()],
        widget=FastSelect,
        help_text="Without a search, most popular first.",
        error_messages=UNKNOWN,
    )

    field_order = ["q", "format", "tag", "exclude", "decade", "sort"]
    filter_names = ("q", *TitleFiltersForm.filter_names)

    def filter(self, queryset):
        """Apply the valid search, filters and sort to ``queryset``; call after is_valid()."""
        data = self.cleaned_data
        queryset = self.filter_titles(queryset)
        if data.get("q"):
            queryset = queryset.search(data["q"])  # ordered best match first
            if not data.get("sort"):
                return queryset
        return sort_titles(queryset, data.get("sort") or "popular")

    @property
    def searching_alone(self):
        """Whether filter() applies a search alone, best match first: a query holding a word,
        no filter and no sort (catalog.selectors.TitleSearch reads those). After is_valid()."""
        data = self.cleaned_data
        filtered = data.get("format") or data.get("tag") or data.get("exclude")
        return (
            bool(fold(data.get("q") or "").split())
            and not data.get("sort")
            and not filtered
            and data.get("decade") is None
        )

    def clean_q(self):
        # A null byte can't be stored or searched in PostgreSQL text.
        return self.cleaned_data["q"].replace("\x00", "")


def sort_titles(queryset, sort):
    """``queryset`` in one of the SORTS orders; titles without a year or a rating last."""
    if sort == "-cry":
        return queryset.by_cry_rating()
    order = {
        "popular": [F("popularity").desc()],
        "title": [F("title_en").asc()],
        "-title": [F("title_en").desc()],
        "-year": [F("year").desc(nulls_last=True)],
        "year": [F("year").asc(nulls_last=True)],
    }[sort]
    return queryset.order_by(*order, "title_en", "pk")
