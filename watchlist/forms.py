from django import forms

from catalog.cry_scale import CryRating

from .models import Entry, ImportPolicy

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


class ImportForm(forms.Form):
    export = forms.FileField(
        label="Your MyAnimeList export",
        help_text="The animelist_….xml.gz file from MyAnimeList (Profile › Export › Anime List), "
        "unpacked or not. AniList, Kitsu and Shikimori export the same format.",
    )


class ImportConfirmForm(forms.Form):
    policy = forms.ChoiceField(
        label="Titles already on your watchlist",
        choices=ImportPolicy.choices,
        initial=ImportPolicy.KEEP_MINE,
        widget=forms.RadioSelect,
        help_text="Cry ratings are never touched: MyAnimeList has none.",
    )


# A rejected quick edit is shown on the page its form lives on (the title page or the
# watchlist row it came from), not on the form's POST-only address: the session carries
# what was sent and why it was refused across the redirect.
REJECTED_KEY = "watchlist-rejected"


def remember_rejected(request, form, *, title):
    request.session[REJECTED_KEY] = {
        "title": title.pk,
        "data": {name: form.data.get(name, "") for name in QuickEntryForm.Meta.fields},
        "errors": [message for messages in form.errors.values() for message in messages],
    }


def take_rejected(request, *, title=None):
    """The quick edit just refused, once, if any (and if it was for ``title`` when given).

    Always forgotten once a page that shows quick forms asks, so an old refusal never
    turns up on a later visit.
    """
    rejected = request.session.pop(REJECTED_KEY, None)
    if not isinstance(rejected, dict) or (title is not None and rejected.get("title") != title.pk):
        return None
    return rejected
