from functools import partial

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from catalog import selectors as catalog_selectors
from catalog.cry_scale import CryRating
from catalog.forms import TitleFiltersForm
from catalog.models import Title
from sadlist.caching import cache_public_page, shared_part
from watchlist.models import Entry

from . import selectors
from .models import ForecastBuild

FORECASTS_PER_PAGE = 24
CRY_BUTTONS = [(level.value, level.label) for level in CryRating]
FILTERS = {"label": "Filter your forecast", "submit": "Show forecast"}


def _filter_form(request):
    """The catalog's filters, read from the query string; invalid values are reported
    beside their field and ignored (catalog.forms.TitleFiltersForm).

    Their tags, the same for every reader, are the catalog's shared part (one copy for
    both): a curator's change to a tag replaces the catalog's version, so it is offered
    at once.
    """
    tags = shared_part(request, catalog_selectors.TAGS_PART, catalog_selectors.all_tags)
    form = TitleFiltersForm(request.GET or None, tags=tags)
    if form.is_bound:
        form.is_valid()
    return form


def _forecast_page_part(filters):
    """What the forecast page shows every member alike: the last build's record and, with
    ``filters``, the filter form as it stands before any filter (rendered: building and
    writing its fields and tags took a tenth of the page)."""
    part = {"build": ForecastBuild.objects.first()}
    if filters:
        form = TitleFiltersForm(tags=catalog_selectors.all_tags())
        context = {"form": form, "action": reverse("forecast:forecast_list"), "filtering": False}
        part["filters"] = render_to_string("includes/_filter_form.html", {**context, **FILTERS})
    return part


@require_GET
@login_required
@cache_public_page
def forecast_list(request):
    # Fresh from the member's own ratings on every render; a kept copy of this page is
    # forgotten at each of their writes (sadlist.caching.member_changed).
    # The filters go into the forecast's own query; the form (and its tags) is only read
    # when the query string asks for a filter: else the page's shared part has it written.
    filtered = any(request.GET.get(name) for name in TitleFiltersForm.filter_names)
    form = _filter_form(request) if filtered else None
    forecast = selectors.member_forecast(
        user=request.user,
        titles=form.filter_titles(Title.objects.all()) if form and form.filtering else None,
    )
    # The same for every reader: a shared part is stamped with the version each build
    # replaces once it commits (NEIGHBOURS_VERSION_KEY, set by services.forecast_build),
    # and with the catalog's, so a new build's date and a renamed tag are shown at once.
    # The written form only where the page shows it unfiltered.
    starting = forecast.needed or not forecast.ranked
    filters = form is None and not starting
    name = "forecast:page" if filters else "forecast:build"
    shared = shared_part(request, name, partial(_forecast_page_part, filters))
    context = {"forecast": forecast, "build": shared["build"], "cry_buttons": CRY_BUTTONS}
    if starting:
        context["starters"] = selectors.starter_titles(
            user=request.user, article_first=bool(forecast.needed)
        )
        context["started_status"] = Entry.Status.COMPLETED
        return render(request, "forecast/forecast_list.html", context)
    page = Paginator(forecast.kept, FORECASTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = forecast.details(page.object_list)
    context.update({"page": page, "filtering": bool(form and form.filtering), **FILTERS})
    if filters:
        context["filters"] = shared["filters"]
    else:
        context["form"] = form
    return render(request, "forecast/forecast_list.html", context)


@require_GET
def forecast_about(request):
    return render(
        request,
        "forecast/forecast_about.html",
        {
            "build": ForecastBuild.objects.first(),
            "min_ratings": settings.SADLIST_FORECAST_MIN_RATINGS,
            "min_corated": settings.SADLIST_FORECAST_MIN_CORATERS,
            "min_neighbours": settings.SADLIST_FORECAST_MIN_NEIGHBOURS,
        },
    )


@require_GET
@cache_public_page
def similar_list(request, slug):
    title = get_object_or_404(Title, slug=slug)
    form = _filter_form(request)
    titles = form.filter_titles(Title.objects.all()) if form.filtering else None
    return render(
        request,
        "forecast/similar_list.html",
        {
            "title": title,
            "form": form,
            "filtering": form.filtering,
            "min_corated": settings.SADLIST_FORECAST_MIN_CORATERS,
            "similar": list(selectors.similar_titles(title=title, titles=titles)),
        },
    )
