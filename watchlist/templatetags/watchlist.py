import copy

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse

from ..forms import CRY_CHOICES, REJECTED_KEY, QuickEntryForm, take_rejected
from ..models import Entry

register = template.Library()


@register.inclusion_tag("watchlist/_quick_entry.html", takes_context=True)
def quick_entry_form(context, title, entry):
    """The signed-in user's status and cry rating form for ``title``, or a sign-in prompt.

    ``entry`` is the user's entry for the title, or None.
    """
    request = context["request"]
    if not request.user.is_authenticated:
        return {"title": title, "login_url": f"{reverse('login')}?next={request.path}"}
    # A copy: binding a form writes onto its instance, and the page shows ``entry`` elsewhere.
    instance = copy.copy(entry) if entry else Entry(user=request.user, title=title)
    rejected = take_rejected(request, title=title)
    if rejected:
        # What was just refused, bound again so each error shows at its field.
        form = QuickEntryForm(rejected["data"], instance=instance)
        form.is_valid()
        for name in form.errors:
            if name in form.fields:
                attrs = form.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{form[name].auto_id}_errors"
    else:
        form = QuickEntryForm(instance=instance)
    return {
        "title": title,
        "entry": entry,
        "form": form,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }


def _request(context):
    # RequestContext.request survives {% include ... only %}, context processors don't.
    return getattr(context, "request", None) or context.get("request")


@register.simple_tag(takes_context=True)
def member_entries(context, rows):
    """The signed-in member's entries for ``rows`` (titles, or list entries of titles), by
    title id, in one query; {} for visitors. Lets a list show each row's status without
    a query per row."""
    request = _request(context)
    if request is None or not request.user.is_authenticated:
        return {}
    user = request.user
    ids = [getattr(row, "title_id", None) or row.pk for row in rows]
    return {
        entry.title_id: entry
        for entry in Entry.objects.filter(user=user, title_id__in=ids).only(
            "pk", "title_id", "status", "cry_rating", "episodes_watched"
        )
    }


@register.inclusion_tag("watchlist/_quick_add.html", takes_context=True)
def quick_add(context, title, entries, anchor=""):
    """A small status and cry rating form for one row of a list of titles.

    ``entries`` comes from member_entries; ``anchor`` is the row's id, where the page
    scrolls back to after the form is posted. Nothing for visitors.
    """
    request = _request(context)
    if request is None or not request.user.is_authenticated:
        return {}
    next_url = request.get_full_path() + (f"#{anchor}" if anchor else "")
    # A choice just refused for this row is shown here, at its form; others are left for
    # the row (or page) they came from.
    stored = request.session.get(REJECTED_KEY)
    rejected = None
    if isinstance(stored, dict) and stored.get("title") == title.pk:
        rejected = take_rejected(request, title=title)
    return {
        "title": title,
        "entry": entries.get(title.pk),
        "rejected": rejected,
        "status_choices": Entry.Status.choices,
        "cry_choices": CRY_CHOICES,
        "csrf_token": get_token(request),
        "next": next_url,
    }
