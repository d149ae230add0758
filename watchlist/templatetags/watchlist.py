import copy

from django import template
from django.urls import reverse

from ..forms import QuickEntryForm, take_rejected
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
