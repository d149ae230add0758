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


class TitleFilterForm(forms.Form):
    """The catalog's search box, filters and sort, read from the query string.

    An invalid value is reported next to its field and that filter ignored;
    the rest of the page still works.
    """

    q = forms.CharField(
        label="Search titles",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "English, romaji or Japanese title"}
        ),
    )
    format = forms.ChoiceField(required=False, choices=[("", "Any format"), *Title.Format.choices])
    tag = forms.ChoiceField(required=False, label="Tag or content note", error_messages=UNKNOWN)
    decade = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any decade"), *((str(d), f"{d}s") for d in DECADES)],
        error_messages=UNKNOWN,
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, label) for key, (_, label) in SORTS.items()],
        initial="title",
        error_messages=UNKNOWN,
    )

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = {tag.slug: tag for tag in tags}
        groups = {}
        for tag in tags:
            groups.setdefault(tag.get_kind_display(), []).append((tag.slug, tag.name))
        self.fields["tag"].choices = [("", "Any tag"), *groups.items()]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def filter(self, queryset):
        """Apply the valid filters to ``queryset``; call after is_valid()."""
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if data.get("format"):
            queryset = queryset.filter(format=data["format"])
        if data.get("tag"):
            queryset = queryset.with_tag(self.tags[data["tag"]])
        if data.get("decade") is not None:
            queryset = queryset.in_decade(data["decade"])
        order = SORTS.get(data.get("sort") or "title")[0]
        return queryset.order_by(order, "title_en", "pk")

    def clean_q(self):
        # A null byte can't be stored or searched in PostgreSQL text.
        return self.cleaned_data["q"].replace("\x00", "")
