from django.contrib import admin, messages
from django.db.models import Prefetch
from django.template.defaultfilters import truncatechars

from . import services
from .models import Report, ReportedReview, Review


class ReportInline(admin.TabularInline):
    model = Report
    fields = ["created_at", "reporter", "reason", "details"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReportedFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "Reported"), ("no", "Not reported")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(report_count=0)
        return queryset


class ReviewAdmin(admin.ModelAdmin):
    """Reviews as moderators see them: hide, restore, dismiss reports.

    Text and authorship are read-only here: moderators hide, they don't rewrite.
    """

    list_display = [
        "title",
        "user",
        "excerpt",
        "contains_spoilers",
        "helpful_count",
        "report_count",
        "is_hidden",
        "created_at",
    ]
    list_display_links = ["title", "excerpt"]
    list_filter = [ReportedFilter, "is_hidden", "contains_spoilers"]
    search_fields = ["body", "user__username", "title__title_en"]
    list_select_related = ["user", "title"]
    readonly_fields = [
        "user",
        "title",
        "body",
        "contains_spoilers",
        "helpful_count",
        "report_count",
        "is_hidden",
        "hidden_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ReportInline]
    actions = ["hide", "restore", "dismiss_reports"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        # Django names its action after verbose_name_plural: "Delete selected moderation queue".
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _ = actions["delete_selected"]
            actions["delete_selected"] = (function, name, "Delete the selected reviews for good")
        return actions

    @admin.display(description="review")
    def excerpt(self, review):
        return truncatechars(review.body, 80)

    def _act(self, request, queryset, service, done):
        for review in queryset:
            service(review=review)
        count = len(queryset)
        self.message_user(
            request, f"{count} review{'s' if count != 1 else ''} {done}.", messages.SUCCESS
        )

    @admin.action(description="Hide the selected reviews from the site")
    def hide(self, request, queryset):
        self._act(request, queryset, services.review_hide, "hidden")

    @admin.action(description="Restore the selected reviews")
    def restore(self, request, queryset):
        self._act(request, queryset, services.review_restore, "restored")

    @admin.action(description="Dismiss the selected reviews' reports")
    def dismiss_reports(self, request, queryset):
        self._act(request, queryset, services.review_dismiss_reports, "cleared of reports")


admin.site.register(Review, ReviewAdmin)


@admin.register(ReportedReview)
class ReportedReviewAdmin(ReviewAdmin):
    """The queue: reported reviews, most reported first, with the reasons given."""

    # Short columns, so the queue fits beside the admin's menu and filters on a laptop;
    # when each review was written is in the date drill-down above the table.
    list_display = ["title", "user", "excerpt", "reports", "reasons", "hidden"]
    list_filter = ["is_hidden", "contains_spoilers"]
    ordering = ["-report_count", "-created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(report_count__gt=0)
            .prefetch_related(Prefetch("reports", queryset=Report.objects.order_by("created_at")))
        )

    @admin.display(description="reports", ordering="report_count")
    def reports(self, review):
        return review.report_count

    @admin.display(description="hidden", boolean=True, ordering="is_hidden")
    def hidden(self, review):
        return review.is_hidden

    @admin.display(description="reasons")
    def reasons(self, review):
        return "; ".join(
            report.get_reason_display() + (f" ({report.details})" if report.details else "")
            for report in review.reports.all()
        )
