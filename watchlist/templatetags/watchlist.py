from django import template
from django.urls import reverse

from ..forms import QuickEntryForm
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
    return {
        "title": title,
        "entry": entry,
        "form": QuickEntryForm(instance=entry or Entry(user=request.user, title=title)),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
