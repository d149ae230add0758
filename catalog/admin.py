from adminsortable2.admin import CustomInlineFormSet, SortableAdminBase, SortableTabularInline
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Count
from django.utils.html import format_html

from sadlist.limits import NumberLimitsMixin

from . import services
from .models import TAG_NAME_TAKEN, CuratedList, ListEntry, Tag, Title
from .validators import cover_reencode


class DecadeListFilter(admin.SimpleListFilter):
    title = "decade"
    parameter_name = "decade"

    def lookups(self, request, model_admin):
        years = Title.objects.exclude(year=None).values_list("year", flat=True).distinct()
        decades = sorted({year - year % 10 for year in years}, reverse=True)
        return [(str(decade), f"{decade}s") for decade in decades]

    def queryset(self, request, queryset):
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses (a 500).
        value = self.value()
        if value and value.isascii() and value.isdigit():
            return queryset.in_decade(int(value))
        return queryset


class CoverListFilter(admin.SimpleListFilter):
    """Which titles have a cover, still wait for fetch_covers, or failed to fetch (and why)."""

    title = "cover"
    parameter_name = "cover"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Has a cover"),
            ("waiting", "Waiting for fetch_covers"),
            ("failed", "Fetch failed"),
            ("none", "No cover, no picture URL"),
        ]

    def queryset(self, request, queryset):
        no_cover = queryset.filter(cover="")
        return {
            "yes": queryset.exclude(cover=""),
            "waiting": no_cover.exclude(picture_url="").filter(cover_fetch_error=""),
            "failed": no_cover.exclude(cover_fetch_error=""),
            "none": no_cover.filter(picture_url=""),
        }.get(self.value(), queryset)


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug", "kind", "description"]

    def clean_name(self):
        # The case-insensitive unique constraint, said at the field.
        name = self.cleaned_data["name"]
        if Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(TAG_NAME_TAKEN, code="tag_name_taken")
        return name


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "kind", "slug", "title_count"]
    list_filter = ["kind"]
    ordering = ["kind", "name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _title_count=Count("titles", distinct=True) + Count("noted_titles", distinct=True)
            )
        )

    @admin.display(description="titles", ordering="_title_count")
    def title_count(self, tag):
        return tag._title_count


class TitleAdminForm(forms.ModelForm):
    class Meta:
        model = Title
        # TitleAdmin.fieldsets name the form's fields; this form only adds the cover's cleaning.
        fields = ["cover"]

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        # Only a fresh upload is re-encoded; None/False mean keep/remove the stored one.
        if isinstance(cover, UploadedFile):
            return cover_reencode(cover)
        return cover


@admin.register(Title)
class TitleAdmin(NumberLimitsMixin, admin.ModelAdmin):
    form = TitleAdminForm
    list_display = ["cover_thumbnail", "title_en", "format", "year", "episodes", "studio"]
    list_display_links = ["cover_thumbnail", "title_en"]
    list_filter = ["format", DecadeListFilter, "year", CoverListFilter, "tags", "content_notes"]
    search_fields = ["title_en", "title_romaji", "title_native", "studio", "=mal_id", "=anilist_id"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["tags", "content_notes"]
    readonly_fields = [
        "cover_preview", "cover_fetched_at", "cover_fetch_error", "community", "popularity",
        "created_at", "updated_at",
    ]  # fmt: skip
    list_per_page = 50
    save_on_top = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title_en", "slug", "title_romaji", "title_native", "other_titles"]}),
        ("Facts", {"fields": ["format", "year", "episodes", "studio", "synopsis", "popularity"]}),
        ("Cover", {"fields": ["cover", "cover_preview", "cover_fetched_at", "cover_fetch_error"]}),
        ("Tags", {"fields": ["tags", "content_notes"]}),
        ("Elsewhere", {"fields": ["mal_id", "anilist_id", "picture_url"]}),
        ("Community", {"fields": ["community"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        # What a curator sets here, imports (manage.py import_titles) never overwrite.
        edited = {name for name in form.changed_data if name in services.IMPORTABLE_FIELDS}
        if "title_romaji" in form.changed_data or "title_native" in form.changed_data:
            edited.add("other_titles")  # the names are curated as a whole
        obj.curated_fields = sorted(set(obj.curated_fields) | edited)
        super().save_model(request, obj, form, change)
        if change and "title_en" in form.changed_data:
            services.tearful_ranks_refresh()  # ties in Most tearful go by English title

    # Deleting titles takes their statistics (and ranks) with them: re-rank, holding the
    # ranking's lock from before the delete touches any statistics row, as rating writes do.
    def delete_model(self, request, obj):
        with transaction.atomic():
            services.tearful_ranks_lock()
            super().delete_model(request, obj)
            services.tearful_ranks_refresh()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            services.tearful_ranks_lock()
            super().delete_queryset(request, queryset)
            services.tearful_ranks_refresh()

    def get_search_results(self, request, queryset, search_term):
        # Also match the folded names, so "steins gate" or "pokemon" find their titles.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            results |= queryset.matching(search_term)
        return results, may_have_duplicates

    @admin.display(description="cry ratings and completions")
    def community(self, title):
        stats = title.stats
        if not stats.cry_count and not stats.completed_count:
            return "No ratings or completions yet."
        mean = f"mean {stats.cry_mean:.2f}" if stats.cry_count else "no ratings"
        histogram = ", ".join(f"{row['level']}: {row['count']}" for row in stats.histogram)
        return (
            f"{stats.cry_count} ratings ({mean}; {histogram}); "
            f"{stats.completed_count} completed. Kept by the site from watchlists."
        )

    @admin.display(description="cover")
    def cover_thumbnail(self, title):
        if not title.cover:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="32" height="48">',
            title.cover.url,
        )

    @admin.display(description="current cover")
    def cover_preview(self, title):
        if not title.cover:
            return "No cover yet: the site shows a generated placeholder."
        return format_html(
            '<img src="{}" alt="Cover of {}" height="240">',
            title.cover.url,
            title.title_en,
        )


class ListEntryFormSet(CustomInlineFormSet):
    """The entries of one list, reordered by dragging (django-admin-sortable2) or by typing.

    adminsortable2 hides the position field and fills it in as rows are dragged; here
    it stays a visible number input (with the class adminsortable2's script updates),
    so that positions can still be typed without JavaScript.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        position = self.form.base_fields["position"]
        position.is_hidden = False
        position.widget = forms.NumberInput(
            attrs={"class": "_reorder_ vIntegerField", "min": 1, "max": 32767}
        )

    def add_fields(self, form, index):
        # A tabular inline's cells have no <label> of their own: name each control after its
        # row's title, so a screen reader says which entry it belongs to.
        super().add_fields(form, index)
        name = form.instance.title if form.instance.pk else "the new entry"
        for field, label in [
            ("position", f"Position of {name}"),
            ("title", f"Title of {name}" if form.instance.pk else "Title of the new entry"),
            ("note", f"Note on {name}"),
            ("DELETE", f"Delete {name} from the list"),
        ]:
            if field in form.fields:
                widget = form.fields[field].widget
                getattr(widget, "widget", widget).attrs["aria-label"] = label

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            position = form.cleaned_data.get("position")
            if position is None:
                # A new row without one goes last (adminsortable2); a kept one needs its own.
                if form.instance.pk and "position" not in form.errors:
                    form.add_error(
                        "position", ValidationError("Give the entry a position.", code="required")
                    )
                continue
            if position in seen:
                form.add_error(
                    "position",
                    ValidationError(
                        "%(first)s already has position %(position)s: give each entry "
                        "its own position.",
                        code="duplicate_position",
                        params={"position": position, "first": seen[position]},
                    ),
                )
            seen[position] = form.cleaned_data.get("title")


class ListEntryInline(NumberLimitsMixin, SortableTabularInline):
    model = ListEntry
    formset = ListEntryFormSet
    fields = ["position", "title", "note"]
    autocomplete_fields = ["title"]
    ordering = ["position", "id"]
    extra = 1
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    }


@admin.register(CuratedList)
class CuratedListAdmin(SortableAdminBase, admin.ModelAdmin):
    list_display = ["name", "entry_count", "is_published", "source_name", "updated_at"]
    list_filter = ["is_published"]
    ordering = ["name"]
    search_fields = ["name", "description", "source_name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ListEntryInline]
    # A source typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        "name",
        "slug",
        "description",
        "source_name",
        "source_url",
        "is_published",
        "created_by",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_entry_count=Count("entries"))

    @admin.display(description="titles", ordering="_entry_count")
    def entry_count(self, curated_list):
        return curated_list._entry_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
