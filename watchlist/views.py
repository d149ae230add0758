from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from catalog.models import Title
from sadlist.caching import cache_public_page
from sadlist.http import safe_next_url

from . import services
from .forms import CRY_CHOICES, EntryForm, QuickEntryForm
from .models import Entry

ENTRIES_PER_PAGE = 50
SORTS = {
    "-updated": ("Last updated", [F("updated_at").desc()]),
    "title": ("Title", [F("title__title_en").asc()]),
    "-cry": ("Cry rating", [F("cry_rating").desc(nulls_last=True), F("updated_at").desc()]),
    "-score": ("Score", [F("score").desc(nulls_last=True), F("updated_at").desc()]),
}


def _get_entry_for_user(user, pk):
    """The user's own entry, or 404 for anyone else's: the one place owner access is decided."""
    return get_object_or_404(Entry.objects.select_related("title"), pk=pk, user=user)


@login_required
@require_POST
def entry_quick_save(request, slug):
    title = get_object_or_404(Title, slug=slug)
    entry = Entry.objects.filter(user=request.user, title=title).first()
    is_new = entry is None
    form = QuickEntryForm(request.POST, instance=entry or Entry(user=request.user, title=title))
    if not form.is_valid():
        return render(
            request,
            "watchlist/entry_form.html",
            {"form": form, "title": title, "entry": entry, "quick": True},
        )
    entry = services.entry_save(entry=form.instance)
    verb = "added to" if is_new else "updated in"
    messages.success(
        request,
        f"{title} {verb} your watchlist: {entry.get_status_display()}"
        + (f", {entry.get_cry_rating_display()}." if entry.cry_rating is not None else "."),
    )
    return redirect(safe_next_url(request, title.get_absolute_url()))


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
    return redirect(safe_next_url(request, reverse("watchlist:entry_list")))


@login_required
def entry_edit(request, pk):
    entry = _get_entry_for_user(request.user, pk)
    form = EntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.entry_save(entry=form.instance)
        messages.success(request, f"Saved your entry for {entry.title}.")
        return redirect(safe_next_url(request, reverse("watchlist:entry_list")))
    return render(
        request, "watchlist/entry_form.html", {"form": form, "title": entry.title, "entry": entry}
    )


@login_required
def entry_delete(request, pk):
    entry = _get_entry_for_user(request.user, pk)
    if request.method == "POST":
        services.entry_delete(entry=entry)
        messages.success(request, f"Removed {entry.title} from your watchlist.")
        return redirect(safe_next_url(request, reverse("watchlist:entry_list")))
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
    entries = entries.select_related("title").order_by(*SORTS[sort][1], "pk")
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "watchlist/watchlist.html",
        {
            "tabs": tabs,
            "status": status,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _) in SORTS.items()],
            "entries": page.object_list,
            # Each row's status and rating selects, drawn straight from these
            # choices: fifty bound forms would cost most of the page's time.
            "status_choices": Entry.Status.choices,
            "cry_choices": CRY_CHOICES,
            "page": page,
        },
    )
