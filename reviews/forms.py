from django import forms
from django.core.validators import MaxLengthValidator, MinLengthValidator

from catalog.ratings import CryRating

from .models import REVIEW_MAX_LENGTH, REVIEW_MIN_LENGTH, Entry, Report, Review

CRY_CHOICES = [
    ("", "Not rated yet"),
    *((level.value, f"{level.value} · {level.label}") for level in CryRating),
]


class QuickEntryForm(forms.ModelForm):
    """Status and cry rating: the small form on a title page and each watchlist row."""

    class Meta:
        model = Entry
        fields = ["status", "cry_rating"]
        labels = {"cry_rating": "How hard did it hit you?"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cry_rating"].choices = CRY_CHOICES
        self.fields["cry_rating"].help_text = "Rate once you've started watching."
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class EntryForm(forms.ModelForm):
    """Everything about one watchlist entry."""

    class Meta:
        model = Entry
        fields = [
            "status",
            "episodes_watched",
            "started_on",
            "finished_on",
            "times_rewatched",
            "cry_rating",
            "score",
            "note",
        ]
        labels = {"cry_rating": "How hard did it hit you?"}
        help_texts = {
            "episodes_watched": "Marking it Completed fills in every episode.",
            "note": "Only you can see this.",
        }
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "finished_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cry_rating"].choices = CRY_CHOICES
        self.fields["score"].widget = forms.Select(
            choices=[("", "No score"), *((n, str(n)) for n in range(10, 0, -1))]
        )
        total = self.instance.title.episodes if self.instance.title_id else None
        if total:
            self.fields["episodes_watched"].widget.attrs["max"] = total
            self.fields["episodes_watched"].help_text = f"Out of {total}. " + (
                self.fields["episodes_watched"].help_text
            )


class ReviewBodyField(forms.CharField):
    """Text whose line breaks are counted and stored the same way (browsers send CRLF)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["body", "contains_spoilers"]
        field_classes = {"body": ReviewBodyField}
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].validators += [
            MinLengthValidator(REVIEW_MIN_LENGTH),
            MaxLengthValidator(REVIEW_MAX_LENGTH),
        ]
        self.fields["body"].widget.attrs.update(
            minlength=REVIEW_MIN_LENGTH, maxlength=REVIEW_MAX_LENGTH
        )


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "details"]
        widgets = {
            "reason": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }
