"""Covers from the open anime database: each title's picture_url, fetched once and kept.

manage.py fetch_covers runs this. A cover is fetched through the strict fetcher
(sadlist.fetching: allowed HTTPS hosts, size and time limits, a pause between two
requests to one host), then checked and re-encoded by the same pipeline as a
curator's upload (catalog.validators: only the pixels are stored), and saved through
Django's storage API. A title that already has a cover (a curator's upload, or an
earlier run's) is never touched, so a run can stop at any point and the next one
goes on where it left off.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sadlist.fetching import FetchError

from .models import Title
from .validators import cover_reencode


@dataclass
class CoverRun:
    fetched: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (title, reason): recorded, skipped next time
    retry: list = field(default_factory=list)  # (title, reason): tried again next run
    stopped: str = ""  # why the run ended early (a host asked us to slow down)


def titles_missing_covers(*, retry_failed=False):
    """Titles with a picture URL and no cover, the most popular first."""
    titles = Title.objects.filter(cover="").exclude(picture_url="")
    if not retry_failed:
        titles = titles.filter(cover_fetch_error="")
    return titles.order_by("-popularity", "pk")


def cover_fetch(title, fetcher):
    """Fetch, check, re-encode and store ``title``'s cover; ``None`` on success, else a
    FetchError. Saves the cover only if the title still has none when it is done."""
    now = timezone.now()
    try:
        body = fetcher.fetch(title.picture_url)
        upload = SimpleUploadedFile(f"{title.slug}.img", body)
        try:
            content = cover_reencode(upload)
        except ValidationError as error:
            raise FetchError(f"{title.picture_url}: {' '.join(error.messages)}") from error
    except FetchError as error:
        fields = {"cover_fetched_at": now}
        if error.permanent:
            fields["cover_fetch_error"] = str(error)[:300]
        Title.objects.filter(pk=title.pk).update(**fields)
        return error
    storage = Title._meta.get_field("cover").storage
    name = storage.save(f"covers/{title.slug}.{content.name.rsplit('.', 1)[-1]}", content)
    saved = Title.objects.filter(pk=title.pk, cover="").update(
        cover=name, cover_fetched_at=now, cover_fetch_error=""
    )
    if not saved:
        # A curator uploaded one meanwhile, or another run was quicker: theirs stays.
        storage.delete(name)
    return None


def covers_fetch(titles, fetcher, *, progress=None):
    """Fetch the covers of ``titles`` in turn; a CoverRun of what happened to each."""
    run = CoverRun()
    for title in titles:
        error = cover_fetch(title, fetcher)
        if error is None:
            run.fetched.append(title)
        elif error.slow_down:
            run.retry.append((title, str(error)))
            run.stopped = f"{title.picture_url} asked us to slow down (429); run again later."
            break
        elif error.permanent:
            run.failed.append((title, str(error)))
        else:
            run.retry.append((title, str(error)))
        if progress:
            progress(title, error)
    return run
