from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from . import community, services
from .forms import AvatarField
from .models import (
    EMAIL_TAKEN,
    USERNAME_TAKEN,
    Block,
    Follow,
    ListReport,
    MemberList,
    MemberListEntry,
    Notification,
    ReportedList,
    User,
)


class SiteUserChangeForm(UserChangeForm):
    # Staff uploads go through the same checks and re-encoding as the settings page.
    avatar = AvatarField(required=False)

    class Meta(UserChangeForm.Meta):
        model = User

    # The case-insensitive unique constraints, said at their fields before the database refuses.
    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.with_username(username).exclude(pk=self.instance.pk).exists():
            raise ValidationError(USERNAME_TAKEN, code="username_taken")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email and User.objects.with_email(email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(EMAIL_TAKEN, code="email_taken")
        return email


@admin.register(User)
class SiteUserAdmin(UserAdmin):
    form = SiteUserChangeForm
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "bio", "avatar", "watchlist_visibility")}),
    )
    list_display = (*UserAdmin.list_display, "display_name", "watchlist_visibility", "date_joined")
    list_filter = (*UserAdmin.list_filter, "watchlist_visibility")
    search_fields = ("username", "email", "display_name")

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # The form's initial avatar is the stored file, replaced or removed by now maybe.
        previous = form.initial.get("avatar")
        services.user_profile_save(
            user=obj, previous_avatar=getattr(previous, "name", previous) or ""
        )

    # Deleting goes through user_delete so titles' statistics lose the user's part.
    def delete_model(self, request, obj):
        services.user_delete(user=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for user in queryset:
                services.user_delete(user=user)


# The community ---------------------------------------------------------------------------


class MemberListEntryInline(admin.TabularInline):
    model = MemberListEntry
    fields = ["position", "title", "note"]
    raw_id_fields = ["title"]
    extra = 0


class ListReportInline(admin.TabularInline):
    model = ListReport
    fields = ["created_at", "reporter", "reason", "details"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MemberListAdmin(admin.ModelAdmin):
    """Members' lists as moderators see them: hide, restore, dismiss reports."""

    list_display = [
        "name",
        "owner",
        "is_public",
        "is_ranked",
        "like_count",
        "report_count",
        "is_hidden",
        "created_at",
    ]
    list_filter = ["is_public", "is_hidden", "is_ranked"]
    search_fields = ["name", "description", "owner__username"]
    list_select_related = ["owner"]
    readonly_fields = ["owner", "slug", "like_count", "report_count", "created_at", "updated_at"]
    inlines = [MemberListEntryInline, ListReportInline]
    actions = ["hide", "restore", "dismiss_reports"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def _act(self, request, queryset, service, done):
        for member_list in queryset:
            service(member_list=member_list)
        count = len(queryset)
        self.message_user(
            request, f"{count} list{'s' if count != 1 else ''} {done}.", messages.SUCCESS
        )

    @admin.action(description="Hide the selected lists from the site")
    def hide(self, request, queryset):
        self._act(request, queryset, community.list_hide, "hidden")

    @admin.action(description="Restore the selected lists")
    def restore(self, request, queryset):
        self._act(request, queryset, community.list_restore, "restored")

    @admin.action(description="Dismiss the selected lists' reports")
    def dismiss_reports(self, request, queryset):
        self._act(request, queryset, community.list_dismiss_reports, "cleared of reports")


admin.site.register(MemberList, MemberListAdmin)


@admin.register(ReportedList)
class ReportedListAdmin(MemberListAdmin):
    """The queue of reported lists, most reported first, with the reasons given."""

    list_display = ["name", "owner", "report_count", "reasons", "is_hidden"]
    ordering = ["-report_count", "-created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(report_count__gt=0)
            .prefetch_related(
                Prefetch("reports", queryset=ListReport.objects.order_by("created_at"))
            )
        )

    @admin.display(description="reasons")
    def reasons(self, member_list):
        return "; ".join(
            report.get_reason_display() + (f" ({report.details})" if report.details else "")
            for report in member_list.reports.all()
        )


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["follower", "followee", "created_at"]
    search_fields = ["follower__username", "followee__username"]
    list_select_related = ["follower", "followee"]
    raw_id_fields = ["follower", "followee"]
    date_hierarchy = "created_at"


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at"]
    search_fields = ["blocker__username", "blocked__username"]
    list_select_related = ["blocker", "blocked"]
    raw_id_fields = ["blocker", "blocked"]
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "actor", "reason", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username", "actor__username", "reason"]
    list_select_related = ["recipient", "actor"]
    raw_id_fields = ["recipient", "actor", "review", "member_list"]
    date_hierarchy = "created_at"
