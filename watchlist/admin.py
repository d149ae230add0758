from django.contrib import admin

from . import services
from .models import Entry


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
