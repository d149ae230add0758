from django.contrib import admin

from .models import ForecastBuild, ForecastPreference


@admin.register(ForecastBuild)
class ForecastBuildAdmin(admin.ModelAdmin):
    """Read-only: each row is a build_forecasts run. Not deleted either: the forecast pages
    show the last one's date from a shared part that only a new build replaces."""

    list_display = ["built_at", "ratings", "members", "titles", "pairs", "seconds"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ForecastPreference)
class ForecastPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "share_ratings", "updated_at"]
    list_filter = ["share_ratings"]
    raw_id_fields = ["user"]
