from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from catalog.models import Title
from sadlist import http, ratelimit
from sadlist.caching import cache_public_page
from watchlist.models import Entry

from . import services
from .forms import ReportForm, ReviewForm
from .models import Review

REVIEWS_PER_PAGE = 20


# Access: every view that acts on a review fetches it through one of these two.


def _get_review_for_user(user, pk):
    """The user's own review, or 404 for anyone else's."""
    return get_object_or_404(Review.objects.select_related("title"), pk=pk, user=user)


def _get_visible_review(user, pk):
    """A review this reader may see: any visible one, or their own hidden one."""
    return get_object_or_404(
        Review.objects.visible_to(user)
        .select_related("title", "user")
        .with_reader_marks(user)
        .with_author_entries(),
        pk=pk,
    )


def _save_or_explain(form, review):
    """Save through the service; a refusal becomes a form error. True when saved."""
    try:
        services.review_save(review=review)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _to_existing_review(request, title):
    """A redirect to the reader's review of ``title`` for editing, or None if there is none."""
    existing = Review.objects.filter(user=request.user, title=title).first()
    if existing is None:
        return None
    messages.info(request, "You have already reviewed this title; here is your review to edit.")
    return redirect("reviews:review_edit", pk=existing.pk)


@login_required
def review_create(request, slug):
    title = get_object_or_404(Title, slug=slug)
    if to_existing := _to_existing_review(request, title):
        return to_existing
    if not Entry.objects.has_started(user=request.user, title=title):
        messages.warning(
            request,
            f"Start watching {title} (set its status on your watchlist) before reviewing it.",
        )
        return redirect(title)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        instance=Review(user=request.user, title=title),
    )
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("review", request.user):
            form.add_error(None, ratelimit.message("review"))
            return render(
                request, "reviews/review_form.html", {"form": form, "title": title}, status=429
            )
        if _save_or_explain(form, form.instance):
            messages.success(request, f"Your review of {title} is published.")
            return redirect(form.instance)
        # The same review sent twice at once (two tabs, a double click): the first won.
        if to_existing := _to_existing_review(request, title):
            return to_existing
    return render(request, "reviews/review_form.html", {"form": form, "title": title})


@login_required
def review_edit(request, pk):
    review = _get_review_for_user(request.user, pk)
    form = ReviewForm(request.POST if request.method == "POST" else None, instance=review)
    if request.method == "POST" and form.is_valid() and _save_or_explain(form, form.instance):
        messages.success(request, "Your review is updated.")
        return redirect(review)
    return render(
        request, "reviews/review_form.html", {"form": form, "title": review.title, "review": review}
    )


@login_required
def review_delete(request, pk):
    review = _get_review_for_user(request.user, pk)
    if request.method == "POST":
        services.review_delete(review=review)
        messages.success(request, f"Your review of {review.title} is deleted.")
        return redirect(review.title)
    return render(request, "reviews/review_confirm_delete.html", {"review": review})


@cache_public_page
def review_detail(request, pk):
    review = _get_visible_review(request.user, pk)
    return render(request, "reviews/review_detail.html", {"review": review})


@cache_public_page
def review_list(request):
    reviews = (
        Review.objects.visible()
        .not_blocked_by(request.user)
        .select_related("title", "user")
        .with_reader_marks(request.user)
        .with_author_entries()
        .newest_first()
    )
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reviews/review_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def review_helpful(request, pk):
    """Mark a review helpful, or take the mark back (``undo``).

    Only a POST (or, after signing in, what a signed-out POST kept: see
    sadlist.http.keep_for_sign_in) votes; any other GET goes to the review.
    """
    review = _get_visible_review(request.user, pk)
    if not request.user.is_authenticated:
        if request.method != "POST":
            return redirect(review)
        messages.info(
            request, "Sign in to mark the review helpful: your mark is kept for half an hour."
        )
        return http.keep_for_sign_in(request, ["undo", "next"])
    data = request.POST if request.method == "POST" else http.take_kept_post(request)
    if data is None:
        return redirect(review)
    if data.get("undo"):
        services.review_unvote_helpful(review=review, user=request.user)
        messages.success(request, "Your helpful mark is taken back.")
    else:
        try:
            services.review_vote_helpful(review=review, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Thanks: you marked this review helpful.")
    return redirect(
        http.safe_next_url(request, review.get_absolute_url(), candidate=data.get("next"))
    )


@login_required
def review_report(request, pk):
    review = _get_visible_review(request.user, pk)
    if review.reported:
        messages.info(request, "You have already reported this review.")
        return redirect(review)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_report(review=review, reporter=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Thank you: the moderators will look at this review.")
        return redirect(review)
    return render(request, "reviews/review_report.html", {"form": form, "review": review})
