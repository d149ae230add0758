import copy
import functools

from django import template
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

from catalog.models import Title
from catalog.templatetags.catalog import cover, cover_thumb_of, title_meta
from sadlist.formatting import escape, fast_url, url_maker
from sadlist.raw_rows import partial
from sadlist.raw_sql import any_of

from ..forms import CRY_CHOICES, REJECTED_KEY, QuickEntryForm, take_rejected
from ..models import Entry

register = template.Library()

QUICK_ENTRY_TEMPLATE = "watchlist/_quick_entry.html"


@register.simple_tag(takes_context=True)
def quick_entry_form(context, title, entry):
    """The signed-in user's status and cry rating form for ``title``, or a sign-in prompt:
    templates/watchlist/_quick_entry.html.

    ``entry`` is the user's entry for the title, or None. A member's form as it stands (no
    choice just refused) is written in Python, as the list rows' forms are, from each
    select as the form renders it: through the template engine and a new form it took a
    tenth of a signed-in title page.
    """
    request = context["request"]
    if not request.user.is_authenticated:
        return render_to_string(
            QUICK_ENTRY_TEMPLATE,
            {"title": title, "login_url": f"{reverse('login')}?next={request.path}"},
        )
    rejected = take_rejected(request, title=title)
    if not rejected:
        return quick_entry_html(
            title=title,
            entry=entry,
            csrf_token=_page_csrf_token(request),
            next_url=request.get_full_path(),
        )
    # A copy: binding a form writes onto its instance, and the page shows ``entry`` elsewhere.
    instance = copy.copy(entry) if entry else Entry(user=request.user, title=title)
    # What was just refused, bound again so each error shows at its field.
    form = QuickEntryForm(rejected["data"], instance=instance)
    form.is_valid()
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] += " is-invalid"
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{form[name].auto_id}_errors"
    return render_to_string(
        QUICK_ENTRY_TEMPLATE,
        {
            "title": title,
            "entry": entry,
            "form": form,
            "csrf_token": _page_csrf_token(request),
            "next": request.get_full_path(),
        },
    )


@functools.lru_cache(maxsize=64)
def _quick_entry_field(name, value):
    """The title page form's ``name`` select with ``value`` chosen, as QuickEntryForm renders
    it (its label, widget and help text are the form's): made once per value."""
    bound = QuickEntryForm(instance=Entry(**{name: value}))[name]
    return bound.id_for_label, bound.label, str(bound), bound.help_text


def quick_entry_html(*, title, entry, csrf_token, next_url):
    """templates/watchlist/_quick_entry.html for a member with no choice refused: what that
    template writes with a fresh QuickEntryForm, byte for byte (a test holds the two
    together)."""
    status = entry.status if entry else Entry._meta.get_field("status").get_default()
    cry_rating = entry.cry_rating if entry else None
    fields = []
    for name, value in (("status", status), ("cry_rating", cry_rating)):
        for_id, label, widget, _help_text = _quick_entry_field(name, value)
        fields.append(
            "        \n"
            '          <div class="col-sm-6">\n'
            f'            <label class="form-label small mb-1" for="{escape(for_id)}">'
            f"{escape(label)}</label>\n"
            f"            {widget}\n"
            "            \n"
            "          </div>\n"
        )
    hint = ""
    if not (entry and entry.is_started):
        help_text = _quick_entry_field("cry_rating", cry_rating)[3]
        hint = f'<p class="form-text mb-0 col-12">{escape(help_text)}</p>'
    links = ""
    if entry:
        links = (
            '\n        <p class="small mb-0 mt-2">\n'
            f'          <a href="{escape(fast_url("watchlist:entry_edit", entry.pk))}">'
            "Edit progress, dates, score and note</a>\n"
            f'          · <a href="{escape(fast_url("watchlist:entry_delete", entry.pk))}">'
            "Remove from watchlist</a>\n"
            "        </p>\n      "
        )
    action = _slug_url("watchlist:entry_quick_save", title.slug)
    return mark_safe(  # noqa: S308 - every value is escaped, the selects by the form
        '\n<section class="card mb-4" id="your-entry" aria-labelledby="your-entry-heading">\n'
        '  <div class="card-body">\n'
        '    <h2 class="h5 card-title" id="your-entry-heading">Your watchlist</h2>\n'
        "    \n"
        f'      <form method="post" action="{escape(action)}" class="row g-2 align-items-start">\n'
        f'        <input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">\n'
        f'        <input type="hidden" name="next" value="{escape(next_url)}">\n'
        "        \n"
        f"{''.join(fields)}"
        "        \n"
        f"        {hint}\n"
        '        <div class="col-12">\n'
        f'          <button type="submit" class="btn btn-primary">{"Save" if entry else "Add"}'
        "</button>\n"
        "        </div>\n"
        "      </form>\n"
        f"      {links}\n"
        "    \n"
        "  </div>\n"
        "</section>\n"
    )


def _request(context):
    # RequestContext.request survives {% include ... only %}, context processors don't.
    return getattr(context, "request", None) or context.get("request")


# What lists show of a member's entry (the columns are these fields' own names).
_MEMBER_ENTRY_FIELDS = ("id", "title_id", "status", "cry_rating", "episodes_watched")


@register.simple_tag(takes_context=True)
def member_entries(context, rows):
    """The signed-in member's entries for ``rows`` (titles, or list entries of titles), by
    title id, in one query; {} for visitors. Lets a list show each row's status without
    a query per row."""
    request = _request(context)
    if request is None or not request.user.is_authenticated:
        return {}
    ids = [getattr(row, "title_id", None) or row.pk for row in rows]
    if not ids:
        return {}
    # A plain cursor, each row made into an entry as .only() would: the queryset took a
    # sixth of a signed-in home page to build and read.
    among, params = any_of("title_id", ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_MEMBER_ENTRY_FIELDS)} FROM {Entry._meta.db_table}"
            f" WHERE user_id = %s AND {among}",
            [request.user.pk, *params],
        )
        rows = cursor.fetchall()
    return {
        row[1]: partial(Entry, **dict(zip(_MEMBER_ENTRY_FIELDS, row, strict=True))) for row in rows
    }


@register.simple_tag(takes_context=True)
def quick_add(context, title, entries, anchor=""):
    """A small status and cry rating form for one row of a list of titles.

    ``entries`` comes from member_entries; ``anchor`` is the row's id, where the page
    scrolls back to after the form is posted; it names its selects "Watchlist status of
    <title>" and "Cry rating of <title> (once started)". Nothing for visitors. Written in
    Python: through the template engine its twelve options cost about half a millisecond a
    row, on lists of 24 to 50 rows.
    """
    request = _request(context)
    if request is None or not request.user.is_authenticated:
        return ""
    next_url = request.get_full_path() + (f"#{anchor}" if anchor else "")
    # A choice just refused for this row is shown here, at its form; others are left for
    # the row (or page) they came from.
    stored = request.session.get(REJECTED_KEY)
    rejected = None
    if isinstance(stored, dict) and stored.get("title") == title.pk:
        rejected = take_rejected(request, title=title)
    return _quick_add_html(
        title=title,
        entry=entries.get(title.pk),
        rejected=rejected,
        csrf_token=_page_csrf_token(request),
        next_url=next_url,
    )


def _page_csrf_token(request):
    """The page's CSRF token, one for every row's form, kept on the request: get_token() per
    row masked the secret anew each time, 32 random characters a row."""
    if not hasattr(request, "_page_csrf_token"):
        request._page_csrf_token = get_token(request)
    return request._page_csrf_token


def _options(choices, chosen):
    return "".join(
        selected if value == chosen else plain
        for value, plain, selected in _option_tags(tuple(choices))
    )


@functools.lru_cache(maxsize=16)
def _option_tags(choices):
    """Each of ``choices`` (a tuple) as its value and its <option>, plain and selected:
    escaped once, not on each of a page's dozens of quick forms."""
    tags = []
    for value, label in choices:
        start, label = f'<option value="{escape(value)}"', escape(label)
        tags.append((value, f"{start}>{label}</option>", f"{start} selected>{label}</option>"))
    return tuple(tags)


@functools.lru_cache(maxsize=16)
def _slug_url_parts(name, prefix, urlconf):
    marker = "slug-marker-987654321"
    before, after = reverse(name, args=[marker], urlconf=urlconf).split(marker)
    return before, after


def _slug_url(name, slug):
    """reverse(name, args=[slug]), reversed once per script prefix and URLconf (as
    Title.get_absolute_url): reverse() costs tens of microseconds, lists call it per row."""
    before, after = _slug_url_parts(name, get_script_prefix(), get_urlconf())
    return f"{before}{slug}{after}"


def _quick_add_html(*, title, entry, rejected, csrf_token, next_url):
    slug, name = escape(title.slug), escape(title.title_en)
    action = _slug_url("watchlist:entry_quick_save", title.slug)
    status = entry.status if entry else None
    cry = "" if entry is None or entry.cry_rating is None else entry.cry_rating
    if entry is None:
        cry = None  # nothing chosen: the browser shows the first option
    button = "btn-outline-primary" if entry else "btn-primary"
    verb = "Save" if entry else "Add"
    hidden = f" {name}" + ("" if entry else " to your watchlist")
    parts = [
        f'<form method="post" action="{escape(action)}" '
        'class="quick-add d-flex flex-wrap gap-1 align-items-center">\n'
        f'  <input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">\n'
        f'  <input type="hidden" name="next" value="{escape(next_url)}">\n'
        f'  <label class="visually-hidden" for="add-{slug}-status">Watchlist status of {name}'
        "</label>\n"
        f'  <select class="form-select form-select-sm" name="status" id="add-{slug}-status">'
        f"{_options(Entry.Status.choices, status)}</select>\n"
        f'  <label class="visually-hidden" for="add-{slug}-cry">Cry rating of {name} '
        "(once started)</label>\n"
        f'  <select class="form-select form-select-sm" name="cry_rating" id="add-{slug}-cry">'
        f"{_options(CRY_CHOICES, cry)}</select>\n"
        f'  <button type="submit" class="btn btn-sm {button}">{verb}'
        f'<span class="visually-hidden">{hidden}</span></button>\n',
    ]
    if rejected:
        errors = " ".join(escape(error) for error in rejected.get("errors", []))
        parts.append(
            '  <span class="invalid-feedback d-block w-100" role="alert">'
            f"Nothing was saved: {errors}</span>\n"
        )
    if entry:
        rating = ""
        if entry.cry_rating is not None:
            rating = f" · {entry.cry_rating} · {escape(entry.get_cry_rating_display())}"
        parts.append(
            '  <span class="small text-body-secondary w-100">On your watchlist: '
            f"{escape(entry.get_status_display())}{rating}</span>\n"
        )
    parts.append("</form>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def watchlist_rows(context, entries, rejected=None):
    """The watchlist table's rows, built in Python (as Django admin builds its change list's):
    the template engine spent about half a millisecond on each of fifty rows. ``entries``
    are rows of the entry's and its title's values (watchlist.views.ROW_FIELDS, as named
    values_list rows give them): entry and title models cost more to make than the row.

    The markup is what templates/watchlist/watchlist.html describes: every value escaped,
    the "+" buttons in the page's shared form ``rows``, names by aria-labelledby ("+ one
    more episode of <title>", "Edit <title>"), the look in sadlist.css (.watchlist-rows).
    """
    progress_url = url_maker("watchlist:entry_progress")
    edit_url = url_maker("watchlist:entry_edit")
    title_url = url_maker("catalog:title_detail")
    episode_word = {1: "episode"}
    # "2 · A tear or two", as the forms say it; "—" while unrated.
    cry_labels = {int(value): label for value, label in CRY_CHOICES if value != ""}
    # The choices' labels once, not get_FOO_display() (which flattens them) twice a row.
    formats, statuses = dict(Title.Format.choices), dict(Entry.Status.choices)
    rows = []
    for entry in entries:
        pk, title_format, year = entry.pk, entry.title__format, entry.title__year
        name = escape(entry.title__title_en)
        meta = escape(formats.get(title_format, title_format))
        if year:
            meta += f" · {year}"
        episodes = entry.title__episodes
        if episodes and title_format != Title.Format.MOVIE:
            meta += f" · {episodes} {episode_word.get(episodes, 'episodes')}"
        progress = f"{entry.episodes_watched}" + (f" / {episodes}" if episodes else "")
        if not episodes or entry.episodes_watched < episodes:
            progress += (
                f' <button form="rows" formaction="{progress_url(pk)}" '
                f'aria-labelledby="one-more t{pk}" class="btn">+</button>'
            )
        cry = escape(cry_labels.get(entry.cry_rating, "—"))
        if rejected and rejected.get("title") == entry.title_id:
            errors = "".join(f" {escape(error)}" for error in rejected.get("errors", []))
            cry += (
                '<div class="invalid-feedback d-block" role="alert">'
                f"Nothing was saved:{errors}</div>"
            )
        rows.append(
            f'<tr id="entry-{pk}"><th scope="row">'
            f"{cover_thumb_of(entry.title__cover, entry.title__slug, entry.title__title_en)}"
            f'<a id="t{pk}" href="{title_url(entry.title__slug)}">{name}</a><br>'
            f"<small>{meta}</small></th>"
            f'<td data-label="Progress">{progress}</td>'
            f'<td data-label="Score">{entry.score if entry.score is not None else "—"}</td>'
            f'<td data-label="Status">{escape(statuses.get(entry.status, entry.status))}</td>'
            f'<td data-label="Cry rating">{cry}</td>'
            f'<td><a aria-labelledby="edit t{pk}" href="{edit_url(pk)}">Edit</a></td></tr>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def title_cards(context, titles):
    """The catalog's cards for ``titles``, built in Python: through the template engine (the
    cover, the facts, the tags, the quick form) each card cost about a millisecond.

    Each card is an <li id="t-<slug>">: the cover and the English title, linking to the
    title's page, the romaji title where it differs, its facts (catalog's title_meta), its
    genres and themes (``title.tag_list`` where catalog.selectors.with_tag_lists gave it,
    else its tags), and for members the quick form (as quick_add writes it, posting back
    to the card) and the link to put it on one of their lists. Every value is escaped.
    """
    request = _request(context)
    member = request is not None and request.user.is_authenticated
    if member:
        entries = member_entries(context, titles)
        csrf_token = _page_csrf_token(request)
        page_path = request.get_full_path()
        stored = request.session.get(REJECTED_KEY)
        rejected_pk = stored.get("title") if isinstance(stored, dict) else None
    cards = []
    for title in titles:
        slug, name, url = (
            escape(title.slug),
            escape(title.title_en),
            escape(title.get_absolute_url()),
        )
        romaji = title.title_romaji
        romaji = (
            f'<p class="small text-body-secondary mb-1" lang="ja-Latn">{escape(romaji)}</p>'
            if romaji and romaji != title.title_en
            else ""
        )
        tags = getattr(title, "tag_list", None)
        if tags is None:
            tags = title.tags.all()
        tags = "".join(
            f'<span class="badge text-bg-light border me-1">{escape(tag.name)}</span>'
            for tag in tags
        )
        if tags:
            tags = f'<p class="mb-2">{tags}</p>'
        actions = ""
        if member:
            rejected = None
            if rejected_pk is not None and rejected_pk == title.pk:
                rejected = take_rejected(request, title=title)
            actions = _quick_add_html(
                title=title,
                entry=entries.get(title.pk),
                rejected=rejected,
                csrf_token=csrf_token,
                next_url=f"{page_path}#t-{title.slug}",
            ) + (
                f'\n<a class="small position-relative add-to-list" '
                f'href="{escape(_slug_url("accounts:list_entry_add", title.slug))}">'
                "+ Add to a list</a>\n"
            )
        cards.append(
            f'<li class="col" id="t-{slug}">\n'
            '  <article class="card h-100 title-card">\n'
            '    <div class="card-body d-flex gap-3">\n'
            f'      <a href="{url}" class="flex-shrink-0" tabindex="-1" aria-hidden="true">'
            f"{cover(title, 'sm')}</a>\n"
            '      <div class="min-w-0">\n'
            f'        <h2 class="card-title mb-1"><a href="{url}" class="stretched-link">{name}'
            "</a></h2>\n"
            f"        {romaji}\n"
            f'        <p class="small mb-2">\n{title_meta(title)}\n</p>\n'
            f"        {tags}\n"
            f"        {actions}\n"
            "      </div>\n"
            "    </div>\n"
            "  </article>\n"
            "</li>\n"
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value above is escaped
