from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from . import services
from .models import Entry, MissingTitle


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Watchlist entries, for support and moderation. Every write goes through
    watchlist.services so title statistics stay right."""

    list_display = ["title", "user", "status", "cry_rating", "score", "updated_at"]
    list_filter = ["status", "cry_rating"]
    search_fields = ["user__username", "title__title_en", "title__title_romaji"]
    list_select_related = ["user", "title"]
    autocomplete_fields = ["title"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "updated_at"

    def save_model(self, request, obj, form, change):
        services.entry_save(entry=obj)

    def delete_model(self, request, obj):
        services.entry_delete(entry=obj)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            services.entry_delete(entry=entry)


@admin.register(MissingTitle)
class MissingTitleAdmin(admin.ModelAdmin):
    """MyAnimeList titles members imported that the catalog lacks, most requested first:
    a curator's list of what to add next."""

    list_display = ["name", "mal_link", "requests", "first_requested_at"]
    search_fields = ["name", "=mal_id"]
    readonly_fields = ["mal_id", "name", "first_requested_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_requests=Count("unmatched_entries"))
            .order_by("-_requests", "name")
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description="members who imported it", ordering="_requests")
    def requests(self, missing):
        return missing._requests

    @admin.display(description="MyAnimeList")
    def mal_link(self, missing):
        return format_html('<a href="{}" rel="external noopener">#{}</a>', missing.mal_url,
                           missing.mal_id)  # fmt: skip
