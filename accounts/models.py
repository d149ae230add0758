import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.urls import reverse

USERNAME_TAKEN = "A user with that username already exists (capital letters aside)."
EMAIL_TAKEN = "That email address is already used by another account."


def avatar_path(user, filename):
    # A fresh name per upload, so browsers and caches never show a stale avatar.
    return f"avatars/{uuid.uuid4().hex}.jpg"


class SiteUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Usernames are unique ignoring case, so "Alice" signs in as "alice".
        return self.with_username(username).get()

    # Compared as lower(...) = lower(...), which the case-insensitive unique
    # indexes below serve; __iexact would scan the whole table on PostgreSQL.
    def with_username(self, username):
        return self.alias(username_lower=Lower("username")).filter(
            username_lower=Lower(Value(username))
        )

    def with_email(self, email):
        return self.alias(email_lower=Lower("email")).filter(email_lower=Lower(Value(email)))


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: anyone can see my watchlist"
    PRIVATE = "private", "Private: my profile shows numbers only"


class User(AbstractUser):
    """The site's user and their public profile."""

    Visibility = Visibility

    display_name = models.CharField(
        max_length=50, blank=True, help_text="Shown instead of your username; optional."
    )
    bio = models.TextField(max_length=1000, blank=True)
    avatar = models.ImageField(upload_to=avatar_path, blank=True)
    watchlist_visibility = models.CharField(
        "watchlist",
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )

    objects = SiteUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message=USERNAME_TAKEN,
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="accounts_user_email_ci_unique",
                violation_error_message=EMAIL_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(watchlist_visibility__in=Visibility.values),
                name="accounts_user_visibility_valid",
                violation_error_message="Choose who may see the watchlist.",
            ),
        ]

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.username])

    @property
    def name(self):
        return self.display_name or self.username

    @property
    def watchlist_is_public(self):
        return self.watchlist_visibility == self.Visibility.PUBLIC


class PasswordResetRequest(models.Model):
    """One request for a password-reset mail, kept for an hour or so to limit them.

    Counted per email address (as a digest: the table holds no addresses in the clear)
    and per client address, whether or not an account has that email.
    """

    email_digest = models.CharField(max_length=64)
    address = models.GenericIPAddressField(null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["email_digest", "requested_at"], name="accounts_reset_email_idx"),
            models.Index(fields=["address", "requested_at"], name="accounts_reset_address_idx"),
        ]

    def __str__(self):
        return f"Password reset requested at {self.requested_at}"
