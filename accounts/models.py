import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower

from reviews.models import ReportReason
from sadlist.formatting import fast_url

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
    # Kept by accounts.services: the navigation shows it without a query of its own.
    unread_notifications = models.PositiveIntegerField(default=0, db_default=0, editable=False)

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
        return fast_url("accounts:profile", self.username)

    @property
    def name(self):
        return self.display_name or self.username

    @property
    def watchlist_is_public(self):
        return self.watchlist_visibility == self.Visibility.PUBLIC

    def blocked_user_ids(self):
        """The ids of members this member blocked, as a subquery: the reviews app hides
        their reviews from this member without importing accounts."""
        return self.blocks_made.values("blocked_id")


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


# The community: members' lists, favourites, follows, blocks and notifications ---------------

LIST_NAME_MAX = 100


class MemberListQuerySet(models.QuerySet):
    def public(self):
        """Lists anyone may see: marked public, not hidden by moderators, their owner active
        and with a public profile (a private profile shows numbers only, lists included)."""
        return self.filter(
            is_public=True,
            is_hidden=False,
            owner__is_active=True,
            owner__watchlist_visibility=Visibility.PUBLIC,
        )

    def with_entry_count(self):
        return self.annotate(entry_count=models.Count("entries"))

    def visible_to(self, user):
        """Public lists plus, for their owner, all of their own."""
        if user.is_authenticated:
            return self.filter(Q(pk__in=self.public().values("pk")) | Q(owner=user))
        return self.public()


class MemberList(models.Model):
    """A member's own list of titles, ranked or not, public or private."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="member_lists")
    name = models.CharField("title", max_length=LIST_NAME_MAX)
    slug = models.SlugField(max_length=LIST_NAME_MAX + 10, allow_unicode=False)
    description = models.TextField(max_length=2000, blank=True)
    is_ranked = models.BooleanField(
        "ranked", default=True, help_text="Number the titles, first to last."
    )
    is_public = models.BooleanField(
        "public",
        default=True,
        help_text="Anyone can see a public list (when your profile is public); "
        "a private one is yours alone.",
    )
    # Kept by accounts.services with every like and report.
    like_count = models.PositiveIntegerField(default=0, editable=False)
    report_count = models.PositiveIntegerField(default=0, editable=False)
    is_hidden = models.BooleanField("hidden by moderators", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberListQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "slug"],
                name="accounts_memberlist_slug_per_owner",
                violation_error_message="You already have a list with this address.",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="accounts_list_owner_idx"),
            models.Index(fields=["is_public", "-created_at"], name="accounts_list_public_idx"),
        ]

    def __str__(self):
        return f"{self.name} by {self.owner}"

    def get_absolute_url(self):
        return fast_url("accounts:member_list_detail", self.owner.username, self.slug)


class MemberListEntry(models.Model):
    member_list = models.ForeignKey(MemberList, on_delete=models.CASCADE, related_name="entries")
    title = models.ForeignKey(
        "catalog.Title", on_delete=models.CASCADE, related_name="member_list_entries"
    )
    position = models.PositiveIntegerField()
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "member list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["member_list", "title"],
                name="accounts_memberlistentry_title_once",
                violation_error_message="This title is on the list already.",
            ),
        ]

    def __str__(self):
        return f"#{self.position} {self.title} on {self.member_list}"


class ListLike(models.Model):
    member_list = models.ForeignKey(MemberList, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="list_likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member_list", "user"], name="accounts_listlike_once_per_user"
            )
        ]
        indexes = [models.Index(fields=["created_at"], name="accounts_listlike_created_idx")]

    def __str__(self):
        return f"{self.user} likes {self.member_list}"


class ListReport(models.Model):
    """A member's report of a list to the moderators (as reviews.Report is for reviews)."""

    member_list = models.ForeignKey(MemberList, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="list_reports")
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    details = models.TextField(
        max_length=1000, blank=True, help_text="Optional: what should moderators look at?"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_list", "reporter"],
                name="accounts_listreport_once_per_user",
                violation_error_message="You have already reported this list.",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=ReportReason.values), name="accounts_listreport_reason_valid"
            ),
        ]

    def __str__(self):
        return f"Report on {self.member_list}: {self.get_reason_display()}"


class ReportedList(MemberList):
    """The moderators' queue of members' lists with open reports."""

    class Meta:
        proxy = True
        verbose_name = "reported list"
        verbose_name_plural = "moderation queue: lists"


FAVOURITES = 4


class Favourite(models.Model):
    """One of a member's four favourite heartbreaks, shown first on their profile."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="favourites")
    title = models.ForeignKey("catalog.Title", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["user", "title"], name="accounts_favourite_once"),
            models.UniqueConstraint(fields=["user", "position"], name="accounts_favourite_slot"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=FAVOURITES),
                name="accounts_favourite_position_range",
            ),
        ]

    def __str__(self):
        return f"{self.user}'s favourite #{self.position}: {self.title}"


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="accounts_follow_once"),
            models.CheckConstraint(
                condition=~Q(follower=models.F("followee")), name="accounts_follow_not_self"
            ),
        ]
        indexes = [models.Index(fields=["followee", "-created_at"], name="accounts_followee_idx")]

    def __str__(self):
        return f"{self.follower} follows {self.followee}"


class Block(models.Model):
    """``blocker`` blocked ``blocked``: no follows either way, no activity, no reviews."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="accounts_block_once"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="accounts_block_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.blocker} blocked {self.blocked}"


class NotificationKind(models.TextChoices):
    FOLLOWED = "followed", "Followed you"
    HELPFUL = "helpful", "Marked your review helpful"
    LIKED = "liked", "Liked your list"
    REVIEW_HIDDEN = "review_hidden", "A moderator hid your review"


class Notification(models.Model):
    Kind = NotificationKind

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    member_list = models.ForeignKey(
        MemberList, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="accounts_notification_kind"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="accounts_notif_recipient_idx")
        ]

    def __str__(self):
        return f"{self.recipient}: {self.get_kind_display()}"
