from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    UsernameField,
)
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify

from catalog.models import Title
from sadlist import images
from watchlist.models import Entry

from .models import FAVOURITES, ListReport, MemberList, MemberListEntry, User

AVATAR_SIZE = 256


class SignupForm(BaseUserCreationForm):
    """A new account: username, email and a password typed twice.

    Usernames and emails are unique ignoring case (database constraints);
    the clean_ methods say so in words before the constraint would refuse.
    """

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Only used to reset your password; never shown to anyone.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.with_username(username).exists():
            raise ValidationError(
                "A user with that username already exists.", code="username_taken"
            )
        return username

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.with_email(email).exists():
            raise ValidationError(
                "That email address is already used by another account.", code="email_taken"
            )
        return email


class AvatarInput(forms.ClearableFileInput):
    clear_checkbox_label = "Remove avatar"
    initial_text = "Current avatar"
    input_text = "Replace with"


class AvatarField(forms.ImageField):
    """An ImageField that weighs the file and reads its image header first, then
    re-encodes it as an AVATAR_SIZE square JPEG (sadlist.images).

    Django's ImageField hands the file to Pillow straight away; checking size,
    format and pixel count beforehand keeps large or hostile files from going
    further and gives each refusal its own message.
    """

    widget = AvatarInput

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "size"):
            images.check_upload(
                data,
                max_bytes=settings.SADLIST_AVATAR_MAX_BYTES,
                max_pixels=settings.SADLIST_AVATAR_MAX_PIXELS,
            )
        return super().to_python(data)

    def clean(self, data, initial=None):
        # Only a fresh upload is re-encoded: None/False mean keep/remove, and an
        # unchanged avatar comes back as the stored file.
        avatar = super().clean(data, initial)
        if isinstance(avatar, UploadedFile):
            return images.reencode(
                avatar, max_pixels=settings.SADLIST_AVATAR_MAX_PIXELS, square=AVATAR_SIZE
            )
        return avatar

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": images.ACCEPTED_CONTENT_TYPES}


class SettingsForm(forms.ModelForm):
    avatar = AvatarField(required=False)
    # Stored by the forecast app (forecast.services.preference_save), not on the user.
    share_ratings = forms.BooleanField(
        label="Use my cry ratings for other members' tear forecasts",
        required=False,
        initial=True,
        help_text="Only as totals with at least a handful of other members; never shown. "
        "Your own forecast uses your ratings either way.",
    )

    class Meta:
        model = User
        fields = ("display_name", "bio", "avatar", "watchlist_visibility")
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "watchlist_visibility": forms.RadioSelect,
        }
        help_texts = {"bio": "A few words on your profile page; at most 1,000 characters."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not at import, so it follows the SADLIST_AVATAR_MAX_BYTES setting.
        self.fields["avatar"].help_text = (
            f"PNG, JPEG, GIF or WebP, at most {filesizeformat(settings.SADLIST_AVATAR_MAX_BYTES)}; "
            f"shown as a {AVATAR_SIZE}×{AVATAR_SIZE} square."
        )


def is_own_password(request, user, password):
    """Whether ``password`` is ``user``'s, asked through authenticate(), not check_password().

    A wrong password then counts as a failed sign-in for django-axes, so a borrowed
    session can't guess the password without limit: after the fifth wrong one the
    lockout page replaces the form, as it does for sign-in.
    """
    checked = authenticate(request, username=user.get_username(), password=password)
    return checked is not None and checked.pk == user.pk


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's password change, its old password counted like a sign-in (is_own_password)."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not is_own_password(self.request, self.user, old_password):
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not is_own_password(self.request, self.user, password):
            raise ValidationError("That isn't your password.", code="wrong_password")
        return password


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's own says both fields may be case-sensitive: here usernames are not.
        "invalid_login": "That username and password don't match an account. "
        "Capital letters matter in the password, not in the username.",
    }


class MemberListForm(forms.ModelForm):
    class Meta:
        model = MemberList
        fields = ("name", "description", "is_ranked", "is_public")
        help_texts = {"description": "Optional: what ties these titles together."}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not slugify(name):
            raise ValidationError(
                "Give the list a title with at least one letter or digit.", code="no_slug"
            )
        return name


class ListEntryAddForm(forms.Form):
    member_list = forms.ModelChoiceField(
        label="List",
        queryset=MemberList.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of your lists."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: why it belongs on this list.",
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_list"].queryset = MemberList.objects.filter(owner=owner)


class ListEntryNoteForm(forms.ModelForm):
    class Meta:
        model = MemberListEntry
        fields = ("note",)
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ListReportForm(forms.ModelForm):
    class Meta:
        model = ListReport
        fields = ("reason", "details")
        widgets = {"reason": forms.RadioSelect}


class FavouritesForm(forms.Form):
    """Four slots, each one of the titles the member has started watching, or none."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        titles = Title.objects.filter(entries__in=Entry.objects.for_user(user).started()).order_by(
            "title_en"
        )
        for slot in range(1, FAVOURITES + 1):
            self.fields[f"favourite_{slot}"] = forms.ModelChoiceField(
                label=f"Favourite {slot}",
                queryset=titles,
                required=False,
                empty_label="— none —",
                error_messages={
                    "invalid_choice": "Choose a title you have started watching.",
                },
            )

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(f"favourite_{slot}") for slot in range(1, FAVOURITES + 1)]
        picked = [title.pk for title in chosen if title is not None]
        if len(set(picked)) != len(picked):
            raise ValidationError("Choose each favourite once.", code="repeated")
        cleaned["titles"] = chosen
        return cleaned
