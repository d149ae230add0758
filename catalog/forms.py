from django import forms

from .models import Title

SORTS = {
    "title": ("title_en", "Title, A to Z"),
    "-title": ("-title_en", "Title, Z to A"),
    "-year": ("-year", "Newest first"),
    "year": ("year", "Oldest first"),
}
DECADES = range(1960, 2040, 10)
UNKNOWN = {"invalid_choice": "“%(value)s” is not one of the choices."}


class TitleFiltersForm(forms.Form):
    """Format, tag and decade filters, read from the query string.

    Shared by the catalog and the rankings. An invalid value is reported next
    to its field and that filter ignored; the rest of the page still works.
    """

    format = forms.ChoiceField(required=False, choices=[("", "Any format"), *Title.Format.choices])
    tag = forms.ChoiceField(required=False, label="Tag or content note", error_messages=UNKNOWN)
    decade = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any decade"), *((str(d), f"{d}s") for d in DECADES)],
        error_messages=UNKNOWN,
    )

    filter_names = ("format", "tag", "decade")

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = {tag.slug: tag for tag in tags}
        groups = {}
        for tag in tags:
            groups.setdefault(tag.get_kind_display(), []).append((tag.slug, tag.name))
        self.fields["tag"].choices = [("", "Any tag"), *groups.items()]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def filter_titles(self, queryset):
        """Apply the valid format, tag and decade filters; call after is_valid()."""
        if not self.is_bound:
            return queryset
        data = self.cleaned_data
        if data.get("format"):
            queryset = queryset.filter(format=data["format"])
        if data.get("tag"):
            queryset = queryset.with_tag(self.tags[data["tag"]])
        if data.get("decade") is not None:
            queryset = queryset.in_decade(data["decade"])
        return queryset

    @property
    def filtering(self):
        """Whether the query string asks for any of this form's filters."""
        return self.is_bound and any(self.data.get(name) for name in self.filter_names)


class RankingFilterForm(TitleFiltersForm):
    """The rankings' filters: format, tag and decade, no search or sort."""


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
        choices=[(key, label) for key, (_, label) in SORTS.items()],
        initial="title",
        error_messages=UNKNOWN,
    )

    field_order = ["q", "format", "tag", "decade", "sort"]
    filter_names = ("q", *TitleFiltersForm.filter_names)

    def filter(self, queryset):
        """Apply the valid search, filters and sort to ``queryset``; call after is_valid()."""
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.search(data["q"])
        queryset = self.filter_titles(queryset)
        order = SORTS.get(data.get("sort") or "title")[0]
        return queryset.order_by(order, "title_en", "pk")

    def clean_q(self):
        # A null byte can't be stored or searched in PostgreSQL text.
        return self.cleaned_data["q"].replace("\x00", "")
