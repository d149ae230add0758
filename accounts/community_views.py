"""The community's pages: members' lists, follows and blocks, the feed, notifications, the
year in tears. Every view that acts on a list fetches it through one of the two helpers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.models import Title
from sadlist import ratelimit
from sadlist.caching import cache_public_page, shared_part
from sadlist.http import safe_next_url
from watchlist.models import Entry

from . import community, selectors
from .forms import (
    FavouritesForm,
    ListEntryAddForm,
    ListEntryNoteForm,
    ListReportForm,
    MemberListForm,
)
from .models import Follow, ListLike, ListReport, MemberList, MemberListEntry, Notification, User
from .templatetags.community import member_list_rows
from .views import USERNAME

FOLLOWS_PER_PAGE = 50
NOTIFICATIONS_PER_PAGE = 30
FIRST_YEAR = 1917  # the oldest surviving anime; a year before it can't have a watchlist


def _member(username):
    """The active member called ``username`` (exact spelling), or 404."""
    if not USERNAME.fullmatch(username):
        raise Http404("No such user.")
    return get_object_or_404(User.objects.with_username(username), is_active=True)


def _public_member(request, username):
    """A member whose community pages ``request.user`` may see: a public profile, or
    their own; 404 otherwise, and for anyone on either side of a block."""
    member = _member(username)
    if member != request.user and not member.watchlist_is_public:
        raise Http404("This member's profile is private.")
    return member


def _too_many(request, kind):
    return render(
        request, "accounts/too_many.html", {"message": ratelimit.message(kind)}, status=429
    )


# Access: every view on a member's list goes through one of these two.


def _get_list_for_owner(user, username, slug):
    """``user``'s own list at this address, or 404 for anyone else."""
    if not user.is_authenticated or user.username != username:
        raise Http404("No such list.")
    return get_object_or_404(MemberList.objects.select_related("owner"), owner=user, slug=slug)


def _get_visible_list(user, username, slug):
    """A list ``user`` may see: a public one, or their own."""
    return get_object_or_404(
        MemberList.objects.visible_to(user).select_related("owner"),
        owner__username=username,
        slug=slug,
    )


# Lists --------------------------------------------------------------------------------------


@cache_public_page
def member_list_index(request, username):
    member = _public_member(request, username)
    lists = MemberList.objects.filter(owner=member)
    if request.user != member:
        lists = lists.public()
    return render(
        request,
        "accounts/member_list_index.html",
        {"member": member, "lists": lists.with_entry_count()},
    )


# What a row of a member's list shows (templatetags.community.member_list_rows): wide title
# rows cost more to build than to show.
LIST_ROW_FIELDS = [
    "member_list_id", "position", "note",
    "title__slug", "title__title_en", "title__cover", "title__format", "title__year",
    "title__episodes", "title__statistics__cry_count", "title__statistics__cry_sum",
]  # fmt: skip


def _list_rows(request, member_list, entries, *, is_owner):
    """The list's rows and their number, for ``entries`` (a list)."""
    return {
        "rows": member_list_rows(request, member_list, entries, is_owner),
        "count": len(entries),
    }


@cache_public_page(ranked=True)
def member_list_detail(request, username, slug):
    member_list = _get_visible_list(request.user, username, slug)
    owner_entry = Entry.objects.filter(user=member_list.owner_id, title=OuterRef("title"))
    entries = (
        member_list.entries.select_related("title", "title__statistics")
        .only(*LIST_ROW_FIELDS)
        .annotate(owner_cry=Subquery(owner_entry.values("cry_rating")[:1]))
        .order_by("position", "pk")
    )
    is_owner = request.user == member_list.owner
    if is_owner:
        entries = list(entries)
        shown = _list_rows(request, member_list, entries, is_owner=True)
    else:
        # The rows every other reader sees alike, kept under the list's last change and the
        # owner's name (each row shows their rating under it); the titles' names and
        # statistics, the catalog's and the rankings' versions move.
        owner = member_list.owner
        shown = shared_part(
            request,
            f"list:{member_list.pk}:{member_list.updated_at.isoformat()}:{owner.name}",
            lambda: _list_rows(request, member_list, list(entries), is_owner=False),
        )
    liked = reported = False
    if request.user.is_authenticated and not is_owner:
        marks = (
            MemberList.objects.filter(pk=member_list.pk)
            .annotate(
                liked=Exists(
                    ListLike.objects.filter(member_list=OuterRef("pk"), user=request.user)
                ),
                reported=Exists(
                    ListReport.objects.filter(member_list=OuterRef("pk"), reporter=request.user)
                ),
            )
            .values("liked", "reported")[0]
        )
        liked, reported = marks["liked"], marks["reported"]
    return render(
        request,
        "accounts/member_list_detail.html",
        {
            "member_list": member_list,
            "entries": entries if is_owner else (),
            **shown,
            "is_owner": is_owner,
            "liked": liked,
            "reported": reported,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_list_create(request):
    title = Title.objects.filter(slug=request.GET.get("title") or "-").first()
    form = MemberListForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("list", request.user):
            form.add_error(None, ratelimit.message("list"))
            return render(
                request,
                "accounts/member_list_form.html",
                {"form": form, "title": title},
                status=429,
            )
        member_list = form.save(commit=False)
        member_list.owner = request.user
        try:
            community.list_save(member_list=member_list)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if title is not None:
                try:
                    community.list_entry_add(member_list=member_list, title=title)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
            messages.success(request, f"Your list “{member_list.name}” is made.")
            return redirect(member_list)
    return render(request, "accounts/member_list_form.html", {"form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def member_list_edit(request, username, slug):
    member_list = _get_list_for_owner(request.user, username, slug)
    form = MemberListForm(request.POST if request.method == "POST" else None, instance=member_list)
    if request.method == "POST" and form.is_valid():
        try:
            community.list_save(member_list=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your list is saved.")
            return redirect(member_list)
    # What is stored, for the heading, even while an invalid name is being fixed.
    stored = MemberList.objects.get(pk=member_list.pk)
    return render(request, "accounts/member_list_form.html", {"form": form, "member_list": stored})


@login_required
@require_http_methods(["GET", "POST"])
def member_list_delete(request, username, slug):
    member_list = _get_list_for_owner(request.user, username, slug)
    if request.method == "POST":
        community.list_delete(member_list=member_list)
        messages.success(request, f"Your list “{member_list.name}” is deleted.")
        return redirect("accounts:member_list_index", request.user.username)
    return render(request, "accounts/member_list_confirm_delete.html", {"member_list": member_list})


@login_required
@require_http_methods(["GET", "POST"])
def list_entry_add(request, slug):
    """Add a title to one of the reader's lists: the chooser page, and its POST."""
    title = get_object_or_404(Title, slug=slug)
    form = ListEntryAddForm(request.POST if request.method == "POST" else None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        member_list = form.cleaned_data["member_list"]
        if not ratelimit.allow("list_entry", request.user):
            return _too_many(request, "list_entry")
        try:
            community.list_entry_add(
                member_list=member_list, title=title, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{title} is on “{member_list.name}”.")
            return redirect(safe_next_url(request, member_list.get_absolute_url()))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request, "accounts/list_entry_add.html", {"form": form, "title": title}, status=status
    )


def _owned_entry(request, username, slug, pk):
    member_list = _get_list_for_owner(request.user, username, slug)
    return get_object_or_404(
        MemberListEntry.objects.select_related("title", "member_list"),
        pk=pk,
        member_list=member_list,
    )


@login_required
@require_POST
def list_entry_move(request, username, slug, pk):
    entry = _owned_entry(request, username, slug, pk)
    offset = {"up": -1, "down": 1, "top": -(10**6), "bottom": 10**6}.get(request.POST.get("to"))
    if offset is None:
        messages.error(request, "Choose to move the title up or down.")
    else:
        community.list_entry_move(entry=entry, offset=offset)
    return redirect(entry.member_list.get_absolute_url() + f"#e-{entry.pk}")


@login_required
@require_POST
def list_entry_remove(request, username, slug, pk):
    entry = _owned_entry(request, username, slug, pk)
    community.list_entry_remove(entry=entry)
    messages.success(request, f"{entry.title} is off the list.")
    return redirect(entry.member_list)


@login_required
@require_POST
def list_entry_note(request, username, slug, pk):
    entry = _owned_entry(request, username, slug, pk)
    form = ListEntryNoteForm(request.POST, instance=entry)
    if form.is_valid():
        community.list_entry_update(entry=entry, note=form.cleaned_data["note"])
        messages.success(request, f"The note on {entry.title} is saved.")
    else:
        messages.error(request, " ".join(form.errors.get("note", ["That note can't be saved."])))
    return redirect(entry.member_list.get_absolute_url() + f"#e-{entry.pk}")


@login_required
@require_POST
def list_reorder(request, username, slug):
    """The order the drag script sends: the entries' ids, comma-separated, first to last."""
    member_list = _get_list_for_owner(request.user, username, slug)
    try:
        ids = [int(part) for part in request.POST.get("order", "").split(",")]
        community.list_reorder(member_list=member_list, entry_ids=ids)
    except ValueError:
        messages.error(request, "That order can't be read: reload the list and try again.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The new order is saved.")
    return redirect(member_list)


@login_required
@require_POST
def list_like(request, username, slug):
    member_list = _get_visible_list(request.user, username, slug)
    if request.POST.get("undo"):
        community.list_unlike(member_list=member_list, user=request.user)
        messages.success(request, "You no longer like this list.")
        return redirect(member_list)
    if not ratelimit.allow("like", request.user):
        return _too_many(request, "like")
    try:
        community.list_like(member_list=member_list, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You like this list.")
    return redirect(member_list)


@login_required
@require_http_methods(["GET", "POST"])
def list_report(request, username, slug):
    member_list = _get_visible_list(request.user, username, slug)
    if ListReport.objects.filter(member_list=member_list, reporter=request.user).exists():
        messages.info(request, "You have already reported this list.")
        return redirect(member_list)
    form = ListReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("report", request.user):
            return _too_many(request, "report")
        try:
            community.list_report(
                member_list=member_list,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Thank you: the moderators will look at this list.")
        return redirect(member_list)
    return render(request, "accounts/list_report.html", {"form": form, "member_list": member_list})


@login_required
@require_http_methods(["GET", "POST"])
def favourites_edit(request):
    form = FavouritesForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        community.favourites_save(user=request.user, titles=form.cleaned_data["titles"])
        messages.success(request, "Your favourites are saved.")
        return redirect(request.user)
    if not form.is_bound:
        for favourite in request.user.favourites.all():
            form.initial[f"favourite_{favourite.position}"] = favourite.title_id
    return render(request, "accounts/favourites.html", {"form": form})


# Follows and blocks ---------------------------------------------------------------------------


@login_required
@require_POST
def follow(request, username):
    member = _member(username)
    if request.POST.get("undo"):
        community.follow_delete(follower=request.user, followee=member)
        messages.success(request, f"You no longer follow {member.name}.")
        return redirect(member)
    if not ratelimit.allow("follow", request.user):
        return _too_many(request, "follow")
    try:
        community.follow_create(follower=request.user, followee=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You follow {member.name}: their activity is in your feed.")
    return redirect(member)


@login_required
@require_POST
def block(request, username):
    member = _member(username)
    if request.POST.get("undo"):
        community.block_delete(blocker=request.user, blocked=member)
        messages.success(request, f"You unblocked {member.name}.")
        return redirect(member)
    try:
        community.block_create(blocker=request.user, blocked=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"You blocked {member.name}: neither of you can follow the other, and you won't "
            "see their reviews or activity.",
        )
    return redirect(member)


def _follow_page(request, username, *, followers):
    member = _public_member(request, username)
    if followers:
        people = Follow.objects.filter(followee=member).select_related("follower")
    else:
        people = Follow.objects.filter(follower=member).select_related("followee")
    people = people.filter(
        **{f"{'follower' if followers else 'followee'}__is_active": True}
    ).order_by("-created_at", "-pk")
    page = Paginator(people, FOLLOWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/follow_list.html",
        {"member": member, "page": page, "followers": followers},
    )


@cache_public_page
def followers(request, username):
    return _follow_page(request, username, followers=True)


@cache_public_page
def following(request, username):
    return _follow_page(request, username, followers=False)


# The feed, notifications, the year -------------------------------------------------------------


@login_required
@require_GET
def feed(request):
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    number = max(1, min(number, selectors.FEED_MAX_PAGES))
    items, has_next = selectors.feed_page(viewer=request.user, page=number)
    return render(
        request,
        "accounts/feed.html",
        {
            "items": items,
            "number": number,
            "has_next": has_next,
            "follows_anyone": bool(items) or Follow.objects.filter(follower=request.user).exists(),
        },
    )


@login_required
@require_GET
@never_cache
def notifications(request):
    page = Paginator(
        Notification.objects.filter(recipient=request.user).select_related(
            "actor", "review__title", "member_list__owner"
        ),
        NOTIFICATIONS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    # Seen once shown: the page still marks which ones are new this time.
    community.notifications_mark_read(user=request.user)
    return render(request, "accounts/notifications.html", {"page": page, "shown": shown})


@cache_public_page
def year_in_tears(request, username, year):
    member = _public_member(request, username)
    year = int(year)
    if not FIRST_YEAR <= year <= timezone.now().year:
        raise Http404("No such year.")
    return render(
        request,
        "accounts/year.html",
        {
            "member": member,
            "year": year,
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < timezone.now().year else None,
            "data": selectors.year_in_tears(member=member, year=year),
        },
    )
