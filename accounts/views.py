from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from reviews.models import Entry, Review
from sadlist.http import safe_next_url

from .forms import AccountDeleteForm, SettingsForm, SignupForm
from .models import User
from .services import user_delete, user_profile_save


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("reviews:watchlist")
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            user = form.save()
            # Named, since django-axes' backend comes first and never signs anyone in.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to sadlist, {user.username}!")
            return redirect(safe_next_url(request, reverse("reviews:watchlist")))
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
            user_profile_save(
                user=form.save(commit=False),
                fields=list(form.Meta.fields),
                previous_avatar=stored_avatar,
            )
            messages.success(request, "Your settings were saved.")
            return redirect("accounts:settings")
    else:
        form = SettingsForm(instance=user)
    return render(request, "accounts/settings.html", {"form": form, "avatar_url": avatar_url})


def _export_entry(entry):
    return {
        "title_slug": entry.title.slug,
        "title_en": entry.title.title_en,
        "status": entry.status,
        "episodes_watched": entry.episodes_watched,
        "started_on": entry.started_on,
        "finished_on": entry.finished_on,
        "times_rewatched": entry.times_rewatched,
        "cry_rating": entry.cry_rating,
        "cry_rating_label": entry.get_cry_rating_display()
        if entry.cry_rating is not None
        else None,
        "score": entry.score,
        "note": entry.note,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
    }


def _export_review(review):
    return {
        "title_slug": review.title.slug,
        "title_en": review.title.title_en,
        "body": review.body,
        "contains_spoilers": review.contains_spoilers,
        "helpful_count": review.helpful_count,
        "hidden_by_moderators": review.is_hidden,
        "url": review.get_absolute_url(),
        "created_at": review.created_at,
        "updated_at": review.updated_at,
    }


@login_required
@require_GET
@never_cache
def export(request):
    """Everything the user has put into sadlist, as a JSON download."""
    user = request.user
    entries = Entry.objects.for_user(user).select_related("title").order_by("title__title_en", "pk")
    reviews = Review.objects.filter(user=user).select_related("title").order_by("created_at", "pk")
    data = {
        "exported_at": timezone.now(),
        "profile": {
            "username": user.username,
            "email": user.email,
            "display_name": user.display_name,
            "bio": user.bio,
            "watchlist_visibility": user.watchlist_visibility,
            "date_joined": user.date_joined,
            "avatar": request.build_absolute_uri(user.avatar.url) if user.avatar else None,
        },
        "watchlist": [_export_entry(entry) for entry in entries],
        "reviews": [_export_review(review) for review in reviews],
    }
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"sadlist-{user.username}.json"
    )
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    if request.method == "POST":
        form = AccountDeleteForm(request.POST, user=request.user, request=request)
        if form.is_valid():
            user_delete(user=request.user)
            logout(request)
            messages.success(request, "Your account and everything in it were deleted.")
            return redirect("home")
    else:
        form = AccountDeleteForm(user=request.user)
    return render(request, "accounts/delete.html", {"form": form})
