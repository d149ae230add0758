"""The community's template helpers: ``{% load community %}``.

The catalog's pages show members' lists and the "add to a list" control through these
tags, so the catalog never imports accounts. Rows that repeat (a feed's items, a profile's
watchlist) are built in Python, every value escaped: the template engine spent about half a
millisecond on each.
"""

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr, urlencode
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from catalog.cry_scale import CryRating
from catalog.templatetags.catalog import cover, title_meta
from sadlist.formatting import decimal_places, url_maker
from watchlist.models import Entry

from .. import selectors

register = template.Library()

FEED_TEASER_LENGTH = 5
POPULAR_LISTS = 10
STATUS_LABELS = dict(Entry.Status.choices)
CRY_LABELS = dict(CryRating.choices)


def _machine_time(at):
    """A local time as the templates' ``date:'Y-m-d\\TH:i:sO'`` writes it, for datetime=""."""
    return at.strftime("%Y-%m-%dT%H:%M:%S%z")


def _month_day(at):
    """The day as ``date:"M j"`` writes it ("Mar 4"); dateformat costs ~40 µs a call here."""
    return f"{str(MONTHS_3[at.month]).title()} {at.day}"


@register.inclusion_tag("accounts/_feed_teaser.html", takes_context=True)
def feed_teaser(context):
    """The start of the signed-in reader's feed, for the home page."""
    user = context["request"].user
    items = []
    if user.is_authenticated:
        items = selectors.activity(viewer=user, limit=FEED_TEASER_LENGTH)
    return {"user": user, "items": items}


def _verdict(entry):
    """The status and cry rating, as "<strong>Completed</strong> · 5 · Destroyed"."""
    verdict = f"<strong>{escape(STATUS_LABELS.get(entry.status, entry.status))}</strong>"
    if entry.cry_rating is not None:
        verdict += f" · {entry.cry_rating} · {escape(CRY_LABELS.get(entry.cry_rating, ''))}"
    return verdict


@register.simple_tag
def activity_items(items):
    """A feed's items (accounts.selectors.Activity) as list items: who did what, and when.

    An entry: "<member> set <title> to <strong>status</strong> · 5 · Destroyed"; a review:
    "<member> reviewed <title>" and its start (or a spoiler badge); a list: "<member> made a
    list: <name>"; each with its time.
    """
    member_url, title_url = url_maker("accounts:profile"), url_maker("catalog:title_detail")
    review_url, list_url = (
        url_maker("reviews:review_detail"),
        url_maker("accounts:member_list_detail"),
    )
    rows = []
    for activity in items:
        member, item, kind = activity.member, activity.item, activity.kind
        if kind == "entry":
            what = (
                f'set <a href="{escape(title_url(item.title.slug))}">'
                f"{escape(item.title.title_en)}</a> to {_verdict(item)}"
            )
        elif kind == "review":
            if item.contains_spoilers:
                start = '<span class="badge text-bg-warning ms-1">Spoilers</span>'
            else:
                words = Truncator(item.body).words(25, truncate=" …")
                start = f'<span class="d-block small text-body-secondary">{escape(words)}</span>'
            what = (
                f'reviewed <a href="{escape(review_url(item.pk))}">'
                f"{escape(item.title.title_en)}</a>\n  {start}"
            )
        else:
            href = list_url(member.username, item.slug)
            what = f'made a list: <a href="{escape(href)}">{escape(item.name)}</a>'
        at = timezone.localtime(activity.at)
        rows.append(
            f'<li class="py-2 border-bottom activity activity-{escape(kind)}">\n'
            f'  <a href="{escape(member_url(member.username))}">{escape(member.name)}</a>\n'
            f"  {what}\n"
            f'  <time class="small text-body-secondary ms-1" datetime="{_machine_time(at)}">'
            f"{_month_day(at)}, {at:%H:%M}</time>\n</li>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def profile_recent_rows(entries):
    """The profile's recent activity (accounts.selectors.profile_recent) as list items:
    "<time>Mar 4</time> · Completed <title> · Destroyed"."""
    title_url = url_maker("catalog:title_detail")
    rows = []
    for entry in entries:
        at = timezone.localtime(entry["updated_at"])
        cry = entry["cry_rating"]
        rows.append(
            f'<li class="py-1"><time datetime="{_machine_time(at)}" '
            f'class="small text-body-secondary">{_month_day(at)}</time> · '
            f"{escape(STATUS_LABELS.get(entry['status'], entry['status']))} "
            f'<a href="{escape(title_url(entry["slug"]))}">'
            f"{escape(entry['title_en'])}</a>"
            f"{'' if cry is None else ' · ' + escape(CRY_LABELS.get(cry, ''))}</li>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def profile_watchlist_rows(entries):
    """The profile's watchlist table rows (accounts.selectors.ProfileEntries): title, status,
    progress ("3 / 12"), cry rating ("5 · Destroyed", or "—") and score (or "—")."""
    title_url = url_maker("catalog:title_detail")
    rows = []
    for entry in entries:
        episodes, cry = entry["episodes"], entry["cry_rating"]
        progress = f"{entry['episodes_watched']}" + (f" / {episodes}" if episodes else "")
        rating = "—" if cry is None else f"{cry} · {escape(CRY_LABELS.get(cry, ''))}"
        rows.append(
            f'<tr><th scope="row"><a href="'
            f'{escape(title_url(entry["slug"]))}">'
            f"{escape(entry['title_en'])}</a></th>"
            f"<td>{escape(STATUS_LABELS.get(entry['status'], entry['status']))}</td>"
            f"<td>{progress}</td><td>{rating}</td><td>{entry['score'] or '—'}</td></tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def add_to_list(context, title):
    """A form putting ``title`` on one of the reader's lists (a title page's panel);
    nothing for visitors.

    Written in Python, every value escaped: through its template and the lists' model
    rows the panel cost ~3 ms of every signed-in title page.
    """
    request = context["request"]
    if not request.user.is_authenticated:
        return ""
    lists = selectors.list_choices(owner=request.user)
    options = "".join(f'<option value="{pk}">{escape(name)}</option>' for pk, name in lists)
    parts = [
        '<section class="card mb-4" aria-labelledby="add-to-list-heading">\n'
        '  <div class="card-body">\n'
        '    <h2 class="h6 card-title" id="add-to-list-heading">Add to one of your lists</h2>\n'
    ]
    if options:
        add_url = escape(reverse("accounts:list_entry_add", args=[title.slug]))
        field_id = f"add-to-list-{int(title.pk)}"
        parts.append(
            f'      <form method="post" action="{add_url}"'
            ' class="d-flex flex-wrap gap-2 align-items-end">\n'
            '        <input type="hidden" name="csrfmiddlewaretoken"'
            f' value="{escape(context.get("csrf_token", ""))}">\n'
            '        <input type="hidden" name="next"'
            f' value="{escape(request.get_full_path())}">\n'
            f'        <div><label class="form-label small mb-0" for="{field_id}">List</label>\n'
            '          <select class="form-select form-select-sm" name="member_list"'
            f' id="{field_id}">{options}</select></div>\n'
            '        <button type="submit" class="btn btn-sm btn-outline-primary">'
            "Put it on the list</button>\n"
            f'        <a class="small" href="{add_url}">with a note…</a>\n'
            "      </form>\n"
        )
    parts.append(
        '    <p class="small mb-0 mt-2"><a href="'
        f"{escape(reverse('accounts:member_list_create'))}?title={escape(urlencode(title.slug))}"
        '">Start a new list with it</a></p>\n'
        "  </div>\n"
        "</section>\n"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.inclusion_tag("accounts/_popular_lists.html")
def popular_member_lists():
    """The members' public lists most liked this week, for /lists/."""
    return {"lists": selectors.popular_member_lists(limit=POPULAR_LISTS)}


def member_list_rows(request, member_list, entries, is_owner):
    """A member's list's entries (accounts/member_list_detail.html) as list items: rank,
    cover, title, facts, the title's cry meter and the owner's rating, the note, and for the
    owner the move, remove and note forms (``request`` gives their CSRF token). Every value
    escaped. Built by the view: for readers other than the owner, once for all of them
    (sadlist.caching.shared_part)."""
    token = escape(get_token(request)) if is_owner else ""
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    owner, slug = member_list.owner.username, member_list.slug
    move_url, remove_url, note_url, title_url = (
        url_maker("accounts:list_entry_move"),
        url_maker("accounts:list_entry_remove"),
        url_maker("accounts:list_entry_note"),
        url_maker("catalog:title_detail"),
    )
    owner_name, ranked = escape(member_list.owner.name), member_list.is_ranked
    entries = list(entries)
    rows = []
    for number, entry in enumerate(entries, start=1):
        title, pk = entry.title, entry.pk
        name, href = escape(title.title_en), escape(title_url(title.slug))
        stats = title.stats
        if stats.cry_count:
            meter = (
                f"<strong>{decimal_places(stats.cry_mean, 2)}</strong> / 5 from "
                f"{stats.cry_count} rating{'' if stats.cry_count == 1 else 's'}"
            )
        else:
            meter = "no ratings yet"
        if entry.owner_cry is None:
            theirs = "not rated"
        else:
            theirs = (
                f"<strong>{entry.owner_cry}</strong> · "
                f"{escape(CRY_LABELS.get(entry.owner_cry, ''))}"
            )
        parts = [
            f'<li class="d-flex flex-wrap gap-3 align-items-start py-3 border-bottom" '
            f'id="e-{pk}" data-entry="{pk}">\n'
        ]
        if ranked:
            parts.append(f'  <span class="rank-number" aria-hidden="true">{number}</span>\n')
        hidden_number = f'<span class="visually-hidden">{number}. </span>' if ranked else ""
        parts.append(
            f'  <a href="{href}" class="flex-shrink-0" tabindex="-1" aria-hidden="true">'
            f"{cover(title, 'sm')}</a>\n"
            '  <div class="flex-grow-1 min-w-0">\n'
            f'    <h2 class="h5 mb-1">{hidden_number}<a href="{href}">{name}</a></h2>\n'
            f'    <p class="small text-body-secondary mb-1">{title_meta(title)}</p>\n'
            f'    <p class="small mb-1">\n      <span>Cry meter: {meter}</span>\n'
            f"      · <span>{owner_name}: {theirs}</span>\n    </p>\n"
        )
        if entry.note:
            parts.append(f'    <p class="mb-1">{linebreaksbr(entry.note, autoescape=True)}</p>\n')
        if is_owner:
            args = (owner, slug, pk)
            first = " disabled" if number == 1 else ""
            last = " disabled" if number == len(entries) else ""
            parts.append(
                '    <div class="d-flex flex-wrap gap-2 align-items-center mt-2 list-controls">\n'
                f'      <form method="post" action="{escape(move_url(*args))}">{csrf}\n'
                '        <button type="submit" name="to" value="up" '
                f'class="btn btn-sm btn-outline-secondary"{first}>↑<span class="visually-hidden">'
                f" Move {name} up</span></button>\n"
                '        <button type="submit" name="to" value="down" '
                f'class="btn btn-sm btn-outline-secondary"{last}>↓<span class="visually-hidden">'
                f" Move {name} down</span></button>\n      </form>\n"
                f'      <form method="post" action="{escape(remove_url(*args))}">{csrf}\n'
                '        <button type="submit" class="btn btn-sm btn-link link-danger">Remove'
                f'<span class="visually-hidden"> {name}</span></button>\n      </form>\n'
                '      <details class="small"><summary>Note</summary>\n'
                f'        <form method="post" action="{escape(note_url(*args))}" class="mt-1">'
                f"{csrf}\n"
                f'          <label class="visually-hidden" for="note-{pk}">Note on {name}</label>\n'
                '          <textarea class="form-control form-control-sm" name="note" '
                f'id="note-{pk}" rows="2" maxlength="1000">{escape(entry.note)}</textarea>\n'
                '          <button type="submit" class="btn btn-sm btn-outline-primary mt-1">'
                "Save note</button>\n        </form>\n      </details>\n    </div>\n"
            )
        parts.append("  </div>\n</li>\n")
        rows.append("".join(parts))
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
