import csv
import gzip
import re
from urllib.parse import urlsplit

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.auth.views import LoginView, LogoutView
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from forecast import selectors as forecast_selectors
from forecast import services as forecast_services
from reviews import selectors as review_selectors
from reviews.models import Review
from sadlist.caching import cache_public_page, member_version_key, shared_part
from sadlist.http import safe_next_url
from watchlist import mal as watchlist_mal
from watchlist.models import Entry

from . import selectors, services
from .forms import (
    AccountDeleteForm,
    SettingsForm,
    SignInForm,
    SignupForm,
    ThrottledPasswordChangeForm,
)
from .lockout import client_ip, lockout_username
from .models import User

USERNAME = re.compile(UnicodeUsernameValidator.regex.removeprefix("^").removesuffix(r"\Z"))
RECENT_ACTIVITY = 10
PROFILE_REVIEWS = 20
ENTRIES_PER_PAGE = 50


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("watchlist:entry_list")
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    user = form.save()
            except IntegrityError:
                # The same name or email signed up between the check and the save (two
                # tabs, a double click): check again, and the form says which is taken.
                form = SignupForm(request.POST)
                if form.is_valid():
                    raise
            else:
                # Named, since django-axes' backend comes first and never signs anyone in.
                login(request, user, backend="accounts.backends.MemberBackend")
                messages.success(request, f"Welcome to sadlist, {user.username}!")
                return redirect(safe_next_url(request, reverse("watchlist:entry_list")))
    else:
        form = SignupForm()
    return render(
        request, "accounts/signup.html", {"form": form, "next": safe_next_url(request, "")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request):
    # A fresh copy: a bound form writes its data onto the instance even when
    # invalid, and the page and navigation should keep showing what is stored.
    user = User.objects.get(pk=request.user.pk)
    stored_avatar = user.avatar.name
    avatar_url = user.avatar.url if user.avatar else ""
    if request.method == "POST":
        form = SettingsForm(request.POST, request.FILES, instance=user)
        if form.is_valid():
            with transaction.atomic():
                services.user_profile_save(
                    user=form.save(commit=False),
                    fields=list(form.Meta.fields),
                    previous_avatar=stored_avatar,
                )
                forecast_services.preference_save(
                    user=user, share_ratings=form.cleaned_data["share_ratings"]
                )
            messages.success(request, "Your settings were saved.")
            return redirect("accounts:settings")
    else:
        form = SettingsForm(
            instance=user,
            initial={"share_ratings": forecast_selectors.shares_ratings(user=user)},
        )
    return render(request, "accounts/settings.html", {"form": form, "avatar_url": avatar_url})


@login_required
@require_GET
@never_cache
def export(request):
    """Everything the user has put into sadlist, as a JSON download."""
    user = request.user
    avatar_url = request.build_absolute_uri(user.avatar.url) if user.avatar else None
    data = selectors.user_export(user=user, avatar_url=avatar_url)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"sadlist-{user.username}.json"
    )
    return response


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


@login_required
@require_GET
@never_cache
def export_mal(request, packed=False):
    """The member's list as MyAnimeList's export; gzipped at mal.xml.gz. ``?with_cry=1`` adds
    cry ratings and reviews to the comments."""
    entries = (
        Entry.objects.for_user(request.user)
        .select_related("title")
        .annotate(
            review_body=Subquery(
                Review.objects.filter(user=request.user, title=OuterRef("title")).values("body")[:1]
            )
        )
        .order_by("title__title_en", "pk")
    )
    content = watchlist_mal.export_xml(
        user=request.user, entries=entries, with_cry=request.GET.get("with_cry") == "1"
    )
    name = f"sadlist-{request.user.username}-animelist.xml"
    if packed:
        return _download(gzip.compress(content), name + ".gz", "application/gzip")
    return _download(content, name, "application/xml; charset=utf-8")


@login_required
@require_GET
@never_cache
def export_csv(request):
    """One row per entry, for spreadsheets and Letterboxd-style tools."""
    response = _download("", f"sadlist-{request.user.username}-entries.csv", "text/csv")
    writer = csv.writer(response)
    writer.writerow(
        ["title", "romaji_title", "native_title", "mal_id", "anilist_id", "status",
         "episodes_watched", "episodes", "started_on", "finished_on", "score", "cry_rating",
         "cry_rating_label", "times_rewatched"]
    )  # fmt: skip
    entries = Entry.objects.for_user(request.user).select_related("title")
    for entry in entries.order_by("title__title_en", "pk"):
        title = entry.title
        writer.writerow(
            [title.title_en, title.title_romaji, title.title_native, title.mal_id or "",
             title.anilist_id or "", entry.status, entry.episodes_watched, title.episodes or "",
             entry.started_on or "", entry.finished_on or "", entry.score or "",
             "" if entry.cry_rating is None else entry.cry_rating,
             entry.get_cry_rating_display() if entry.cry_rating is not None else "",
             entry.times_rewatched]
        )  # fmt: skip
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    if request.method == "POST":
        form = AccountDeleteForm(request.POST, user=request.user, request=request)
        if form.is_valid():
            services.user_delete(user=request.user)
            logout(request)
            messages.success(request, "Your account and everything in it were deleted.")
            return redirect("home")
    else:
        form = AccountDeleteForm(user=request.user)
    return render(request, "accounts/delete.html", {"form": form})


@cache_public_page
def profile_detail(request, username):
    if not USERNAME.fullmatch(username):
        # Nothing else could be a username (and a NUL byte can't even be sent to PostgreSQL).
        raise Http404("No such user.")
    member = selectors.profile_member(username=username, viewer=request.user)
    if member is None:
        raise Http404("No such user.")
    if member.username != username:
        return redirect(member, permanent=True)
    is_self = request.user == member
    show_list = member.watchlist_is_public or is_self
    number = request.GET.get("page")
    first_page = number in (None, "1")

    # What every other reader of this profile sees alike (the member sees their private
    # lists too): kept under the member's version, which each of their writes replaces.
    shown = shared_part(
        request,
        f"profile:{member.pk}:{'self' if is_self else 'reader'}:{show_list}",
        lambda: _profile_part(request.user, member, show_list),
        versions=[member_version_key(member.pk)],
    )
    marks = selectors.profile_marks(viewer=request.user, member=member)
    context = {
        "member": member,
        "show_list": show_list,
        **shown,
        # Reviews are public writing: shown even when the watchlist is private, but not
        # to a reader who blocked the member (as ReviewQuerySet.visible_to).
        "reviews": []
        if marks["blocked"]
        else review_selectors.mark_for_reader(shown["reviews"], author=member, reader=request.user),
        "this_year": timezone.now().year,
        **marks,
    }
    if show_list and not first_page:
        context["page"] = _profile_page(member, shown["stats"]["total"], number)
    return render(request, "accounts/profile.html", context)


def _profile_page(member, total, number):
    # The numbers counted the entries already: the paginator needn't again.
    entries = selectors.ProfileEntries(member=member, count=total)
    return Paginator(entries, ENTRIES_PER_PAGE).get_page(number)


def _profile_part(viewer, member, show_list):
    """A profile's numbers, favourites, lists and, where shown, recent activity and first
    page of entries: what profile_detail keeps for its readers."""
    stats = Entry.objects.for_user(member).summary()
    part = {
        "stats": stats,
        **selectors.profile_lists(viewer=viewer, member=member),
        "reviews": review_selectors.member_reviews(
            member=member, with_hidden=viewer == member, limit=PROFILE_REVIEWS
        ),
    }
    if show_list:
        part["recent"] = selectors.profile_recent(member=member, limit=RECENT_ACTIVITY)
        part["page"] = _profile_page(member, stats["total"], 1)
    return part


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; a wrong old password counts as a failed sign-in."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with a limit on mails per email and per client address."""

    def form_valid(self, form):
        allowed = services.password_reset_request(
            email=form.cleaned_data["email"], address=client_ip(self.request)
        )
        if not allowed:
            form.add_error(
                "email",
                "Too many reset requests for this address, or from your connection, in the "
                "last hour. Check your inbox and spam folder for the mails already sent, or "
                "try again in an hour.",
            )
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation; a new password also lifts a sign-in lock on the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        # The lockout page suggests a reset: it must let the member sign in again.
        axes_reset(username=lockout_username(self.request, {"username": self.user.username}))
        return response


class SignInView(LoginView):
    """Django's sign-in, which sends someone already signed in on, as sign-up does."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            messages.info(request, f"You are already signed in as {request.user.get_username()}.")
        return super().dispatch(request, *args, **kwargs)

    def get_redirect_url(self):
        url = super().get_redirect_url()
        # A next that is this page again would be a loop (Django refuses it with an error).
        return "" if urlsplit(url).path == self.request.path else url


class SignOutView(LogoutView):
    """Django's sign-out, which only signs out on a POST; a GET (a typed or followed link)
    gets a page with the button instead of a bare 405, or home for someone signed out."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(self.get_success_url())
        return render(request, "registration/logout_confirm.html")
