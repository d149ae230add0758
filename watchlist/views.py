from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.models import Title
from sadlist import http
from sadlist.caching import cache_public_page

from . import mal, selectors, services
from .forms import (
    CRY_CHOICES,
    EntryForm,
    ImportConfirmForm,
    ImportForm,
    QuickEntryForm,
    remember_rejected,
    take_rejected,
)
from .models import Entry, ImportBatch, UnmatchedEntry

ENTRIES_PER_PAGE = 50
SORTS = {
    "-updated": ("Last updated", [F("updated_at").desc()]),
    "title": ("Title", [F("title__title_en").asc()]),
    "-cry": ("Cry rating", [F("cry_rating").desc(nulls_last=True), F("updated_at").desc()]),
    "-score": ("Score", [F("score").desc(nulls_last=True), F("updated_at").desc()]),
}

ROW_FIELDS = [
    "title_id", "status", "cry_rating", "score", "episodes_watched",
    "title__slug", "title__title_en", "title__format", "title__year", "title__episodes",
    "title__cover",
]  # fmt: skip


def _get_entry_for_user(user, pk):
    """The user's own entry, or 404 for anyone else's: the one place owner access is decided."""
    return get_object_or_404(Entry.objects.select_related("title"), pk=pk, user=user)


def _get_batch_for_user(user, pk):
    """The user's own import, or 404 for anyone else's."""
    return get_object_or_404(ImportBatch, pk=pk, user=user)


@require_http_methods(["GET", "POST"])
def entry_quick_save(request, slug):
    """Save the title page's (or a watchlist row's) status and cry rating.

    Only a POST saves what it brings. The address is also reached with a GET: the
    sign-in page returns here after a signed-out POST, which is then saved from what
    was kept (sadlist.http.keep_for_sign_in), and a reload or a stale link is sent
    to the title page, so no one ever sees a bare 405.
    """
    title = get_object_or_404(Title, slug=slug)
    if not request.user.is_authenticated:
        if request.method != "POST":
            return redirect(title)
        messages.info(
            request, f"Sign in to save your choice for {title}: it is kept for half an hour."
        )
        return http.keep_for_sign_in(request, [*QuickEntryForm.Meta.fields, "next"])
    data = request.POST if request.method == "POST" else http.take_kept_post(request)
    if data is None:
        messages.info(
            request, f"Nothing was saved yet: choose a status and cry rating for {title} here."
        )
        return redirect(title.get_absolute_url() + "#your-entry")
    entry = Entry.objects.filter(user=request.user, title=title).first()
    is_new = entry is None
    form = QuickEntryForm(data, instance=entry or Entry(user=request.user, title=title))
    next_url = http.safe_next_url(request, title.get_absolute_url(), candidate=data.get("next"))
    if not form.is_valid():
        remember_rejected(request, form, title=title)
        messages.error(request, f"Nothing was saved for {title}: see the form.")
        return redirect(_at_form(next_url))
    entry = services.entry_save(entry=form.instance)
    verb = "added to" if is_new else "updated in"
    messages.success(
        request,
        f"{title} {verb} your watchlist: {entry.get_status_display()}"
        + (f", {entry.get_cry_rating_display()}." if entry.cry_rating is not None else "."),
    )
    return redirect(next_url)


def _at_form(url):
    """``url`` scrolled to the quick form: a watchlist row's next names its row already."""
    return url if "#" in url else url + "#your-entry"


@login_required
@require_POST
def entry_progress(request, pk):
    """The watchlist's "+": one more episode, back to the same row."""
    entry = _get_entry_for_user(request.user, pk)
    try:
        services.entry_progress_bump(entry=entry)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        total = f" of {entry.title.episodes}" if entry.title.episodes else ""
        messages.success(
            request,
            f"{entry.title}: episode {entry.episodes_watched}{total} watched"
            + (", completed." if entry.status == Entry.Status.COMPLETED else "."),
        )
    next_url = http.safe_next_url(request, reverse("watchlist:entry_list"))
    # The watchlist's rows share one return address: come back to this entry's row.
    return redirect(next_url if "#" in next_url else f"{next_url}#entry-{entry.pk}")


@login_required
def entry_edit(request, pk):
    entry = _get_entry_for_user(request.user, pk)
    form = EntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.entry_save(entry=form.instance)
        messages.success(request, f"Saved your entry for {entry.title}.")
        # Back to the entry's row of the watchlist (each row links here).
        row = f"{reverse('watchlist:entry_list')}#entry-{entry.pk}"
        return redirect(http.safe_next_url(request, row))
    return render(
        request, "watchlist/entry_form.html", {"form": form, "title": entry.title, "entry": entry}
    )


@login_required
def entry_delete(request, pk):
    entry = _get_entry_for_user(request.user, pk)
    if request.method == "POST":
        services.entry_delete(entry=entry)
        messages.success(request, f"Removed {entry.title} from your watchlist.")
        return redirect(http.safe_next_url(request, reverse("watchlist:entry_list")))
    return render(request, "watchlist/entry_confirm_delete.html", {"entry": entry})


@login_required
@cache_public_page
def entry_list(request):
    entries = Entry.objects.for_user(request.user)
    counts = dict(entries.order_by().values_list("status").annotate(n=Count("pk")))
    tabs = [("", "All", sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in Entry.Status.choices
    ]
    status = request.GET.get("status", "")
    if status and status not in Entry.Status.values:
        messages.warning(request, "There is no such status; showing every entry.")
        status = ""
    sort = request.GET.get("sort", "-updated")
    if sort not in SORTS:
        sort = "-updated"
    if status:
        entries = entries.filter(status=status)
    # Only what a row shows (watchlist_rows), as plain values: a full entry and title are
    # some forty columns, and turning them into models cost more than rendering the row.
    entries = entries.order_by(*SORTS[sort][1], "pk").values_list("pk", *ROW_FIELDS, named=True)
    paginator = Paginator(entries, ENTRIES_PER_PAGE)
    # The tabs counted the entries already: the paginator needn't count them again.
    paginator.count = counts.get(status, 0) if status else tabs[0][2]
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "watchlist/watchlist.html",
        {
            "tabs": tabs,
            "status": status,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _) in SORTS.items()],
            "entries": page.object_list,
            "page": page,
            "rejected": take_rejected(request),
        },
    )


# MyAnimeList import and export ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mal_import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["export"]
        try:
            rows = mal.parse(mal.read_upload(upload))
        except mal.ExportError as error:
            form.add_error("export", str(error))
        else:
            batch = ImportBatch.objects.create(
                user=request.user,
                file_name=(upload.name or "")[:255],
                rows=[row.as_dict() for row in rows],
            )
            return redirect("watchlist:mal_import_preview", pk=batch.pk)
    return render(request, "watchlist/import.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def mal_import_preview(request, pk):
    batch = _get_batch_for_user(request.user, pk)
    if batch.state == ImportBatch.State.DONE:
        return redirect("watchlist:mal_import_result", pk=batch.pk)
    form = ImportConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.mal_import(batch=batch, policy=form.cleaned_data["policy"])
        messages.success(request, "Your MyAnimeList list is imported.")
        return redirect("watchlist:mal_import_result", pk=batch.pk)
    matched = selectors.titles_for_rows(batch.rows)
    already = set(
        Entry.objects.for_user(request.user)
        .filter(title__in=[title.pk for title in matched.values()])
        .values_list("title_id", flat=True)
    )
    return render(
        request,
        "watchlist/import_preview.html",
        {
            "batch": batch,
            "form": form,
            "total": len(batch.rows),
            "matched": len(matched),
            "new": sum(1 for title in matched.values() if title.pk not in already),
            "already": len(already),
            "unmatched": [row for row in batch.rows if row["line"] not in matched],
            "tagged": sum(1 for row in batch.rows if row["tags"]),
        },
    )


@login_required
@require_GET
def mal_import_result(request, pk):
    batch = _get_batch_for_user(request.user, pk)
    if batch.state != ImportBatch.State.DONE:
        return redirect("watchlist:mal_import_preview", pk=batch.pk)
    # The completed titles just imported, best scored first: quick to rate how hard they hit.
    to_rate = (
        Entry.objects.for_user(request.user)
        .filter(
            title__in=batch.result["added"] + batch.result["updated"],
            status=Entry.Status.COMPLETED,
            cry_rating__isnull=True,
        )
        .select_related("title")
        .order_by(F("score").desc(nulls_last=True), "title__title_en")[:20]
    )
    return render(
        request,
        "watchlist/import_result.html",
        {"batch": batch, "result": batch.result, "to_rate": to_rate, "cry_choices": CRY_CHOICES},
    )


@login_required
@require_GET
def mal_import_unmatched(request):
    unmatched = UnmatchedEntry.objects.filter(user=request.user).select_related("missing_title")
    page = Paginator(unmatched, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "watchlist/import_unmatched.html", {"page": page})
