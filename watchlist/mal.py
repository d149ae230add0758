"""MyAnimeList's anime-list export: read safely, and written so the other trackers read it.

The format is MyAnimeList's XML export (AniList, Kitsu and Shikimori read and write it
too): a ``<myanimelist>`` root, an optional ``<myinfo>``, then one ``<anime>`` per entry.
Files come from strangers, so reading is bounded at every step: the upload's size, a
gzip stream decompressed only up to a limit (a gzip bomb stops early), defusedxml (no
DTD, no entity declarations, no external references), and a cap on entries. Quirks of
real exports are mended rather than refused: a UTF-8 byte-order mark, no XML
declaration or no ``<myinfo>``, control characters in comments, double-encoded
entities, and the unescaped ``&`` other tools write in titles.
"""

import datetime
import gzip
import html
import io
import re
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .models import Entry

GZIP_MAGIC = b"\x1f\x8b"
STATUSES = {
    "watching": Entry.Status.WATCHING,
    "completed": Entry.Status.COMPLETED,
    "on-hold": Entry.Status.ON_HOLD,
    "on hold": Entry.Status.ON_HOLD,
    "dropped": Entry.Status.DROPPED,
    "plan to watch": Entry.Status.PLAN_TO_WATCH,
    # Older tools write MyAnimeList's numbers.
    "1": Entry.Status.WATCHING,
    "2": Entry.Status.COMPLETED,
    "3": Entry.Status.ON_HOLD,
    "4": Entry.Status.DROPPED,
    "6": Entry.Status.PLAN_TO_WATCH,
}
EXPORT_STATUSES = {
    Entry.Status.WATCHING: "Watching",
    Entry.Status.COMPLETED: "Completed",
    Entry.Status.ON_HOLD: "On-Hold",
    Entry.Status.DROPPED: "Dropped",
    Entry.Status.PLAN_TO_WATCH: "Plan to Watch",
}
# XML 1.0 allows none of these, even inside CDATA; exports carry them in comments.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.S)
_BARE_AMPERSAND = re.compile(rb"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_NOTE_LENGTH = Entry._meta.get_field("note").max_length


class ExportError(Exception):
    """A file that can't be read as a MyAnimeList anime list; the message says why."""


@dataclass
class Row:
    """One ``<anime>`` of the file, in sadlist's terms."""

    line: int
    mal_id: int | None
    name: str
    status: str
    episodes_watched: int = 0
    started_on: datetime.date | None = None
    finished_on: datetime.date | None = None
    times_rewatched: int = 0
    score: int | None = None
    note: str = ""
    tags: str = ""
    notes: list = field(default_factory=list)

    def as_dict(self):
        return {
            "line": self.line,
            "mal_id": self.mal_id,
            "name": self.name,
            "status": self.status,
            "episodes_watched": self.episodes_watched,
            "started_on": self.started_on.isoformat() if self.started_on else None,
            "finished_on": self.finished_on.isoformat() if self.finished_on else None,
            "times_rewatched": self.times_rewatched,
            "score": self.score,
            "note": self.note,
            "tags": self.tags,
            "notes": self.notes,
        }


def read_upload(upload):
    """The XML bytes of an uploaded export, .xml or .xml.gz, whatever its name says.

    Gzip is recognised by its magic bytes; the decompressed size is bounded as it is
    read. Raises ExportError with a message for the member.
    """
    limit = settings.SADLIST_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ExportError(
            f"That file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if not data:
        raise ExportError("That file is empty.")
    if data[:2] == GZIP_MAGIC:
        data = _gunzip(data)
    return data


def _gunzip(data):
    limit = settings.SADLIST_IMPORT_MAX_XML_BYTES
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            unpacked = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise ExportError(
            "That file starts like a gzip archive but can't be unpacked: it may be cut short."
        ) from error
    if len(unpacked) > limit:
        raise ExportError(
            f"Unpacked, that file is more than {filesizeformat(limit)}, the limit; "
            "a MyAnimeList export of even a very long list is far smaller."
        )
    return unpacked


def _mend(data):
    """Fix what real exports get wrong: control characters, and bare ``&`` outside CDATA."""
    data = _CONTROL.sub(b"", data)
    parts = _CDATA.split(data)
    return b"".join(
        part if part.startswith(b"<![CDATA[") else _BARE_AMPERSAND.sub(b"&amp;", part)
        for part in parts
    )


def parse(data):
    """The rows of an anime-list export (bytes), or ExportError saying what is wrong."""
    try:
        root = fromstring(_mend(data), forbid_dtd=True)
    except DefusedXmlException as error:
        raise ExportError(
            "That file declares a DTD or entities, which MyAnimeList exports never do, so "
            "it was not read."
        ) from error
    except ParseError as error:
        line, column = error.position
        raise ExportError(
            f"That file is not well-formed XML (line {line}, column {column}): it may be cut "
            "short or not be a MyAnimeList export."
        ) from error
    if root.tag != "myanimelist":
        raise ExportError(
            f"That XML file is not a MyAnimeList export (its root is <{root.tag[:40]}>, "
            "not <myanimelist>)."
        )
    export_type = (root.findtext("myinfo/user_export_type") or "").strip()
    if export_type == "2" or root.find("manga") is not None:
        raise ExportError(
            "That is a manga list. sadlist keeps anime: export your anime list from "
            "MyAnimeList (Profile › Export › Anime List) and upload that."
        )
    animes = root.findall("anime")
    if not animes:
        raise ExportError("That export holds no anime entries.")
    cap = settings.SADLIST_IMPORT_MAX_ENTRIES
    if len(animes) > cap:
        raise ExportError(f"That export holds {len(animes):,} entries; the limit is {cap:,}.")
    return [_row(index, anime) for index, anime in enumerate(animes, start=1)]


def _text(element, name):
    value = element.findtext(name) or ""
    # Some tools encode entities twice ("&amp;amp;"): the parser undoes one layer.
    if _ENTITY.search(value):
        value = html.unescape(value)
    return value.strip()


def _number(element, name, *, low=0, high=None):
    value = _text(element, name)
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    if high is not None:
        number = min(number, high)
    return max(number, low)


def _date(element, name, notes):
    value = _text(element, name)
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        notes.append(f"the date {value} ({name.removeprefix('my_').replace('_', ' ')}) "
                     "is incomplete or not a date, so it was left empty")  # fmt: skip
        return None


def _row(index, anime):
    notes = []
    status_text = _text(anime, "my_status").lower()
    status = STATUSES.get(status_text)
    if status is None:
        notes.append(
            f"its status “{status_text[:30]}” is unknown, so it was taken as Plan to watch"
        )
        status = Entry.Status.PLAN_TO_WATCH
    score = _number(anime, "my_score", high=10)
    comments = _text(anime, "my_comments")
    if len(comments) > _NOTE_LENGTH:
        notes.append(f"its comments were cut to the note's {_NOTE_LENGTH:,} characters")
        comments = comments[:_NOTE_LENGTH]
    mal_id = _number(anime, "series_animedb_id")
    return Row(
        line=index,
        mal_id=mal_id or None,
        name=_text(anime, "series_title")[:255] or f"MyAnimeList #{mal_id}",
        status=status,
        episodes_watched=_number(anime, "my_watched_episodes", high=32767) or 0,
        started_on=_date(anime, "my_start_date", notes),
        finished_on=_date(anime, "my_finish_date", notes),
        times_rewatched=_number(anime, "my_times_watched", high=999) or 0,
        score=score or None,
        note=comments,
        tags=_text(anime, "my_tags"),
        notes=notes,
    )


# Writing ----------------------------------------------------------------------------------


def export_xml(*, user, entries, with_cry=False):
    """``entries`` as MyAnimeList's export (bytes). Titles without a MyAnimeList id can't be
    named in it and are left out. ``with_cry`` adds the cry rating and the member's review
    to ``my_comments``; otherwise they go nowhere, since the format has no place for them."""
    root = Element("myanimelist")
    info = SubElement(root, "myinfo")
    SubElement(info, "user_name").text = user.username
    SubElement(info, "user_export_type").text = "1"
    counts = dict.fromkeys(EXPORT_STATUSES, 0)
    written = [entry for entry in entries if entry.title.mal_id]
    for entry in written:
        counts[entry.status] += 1
    SubElement(info, "user_total_anime").text = str(len(written))
    for status, name in [
        (Entry.Status.WATCHING, "watching"),
        (Entry.Status.COMPLETED, "completed"),
        (Entry.Status.ON_HOLD, "onhold"),
        (Entry.Status.DROPPED, "dropped"),
        (Entry.Status.PLAN_TO_WATCH, "plantowatch"),
    ]:
        SubElement(info, f"user_total_{name}").text = str(counts[status])
    for entry in written:
        anime = SubElement(root, "anime")
        fields = [
            ("series_animedb_id", entry.title.mal_id),
            ("series_title", entry.title.title_romaji or entry.title.title_en),
            ("series_episodes", entry.title.episodes or 0),
            ("my_watched_episodes", entry.episodes_watched),
            ("my_start_date", entry.started_on.isoformat() if entry.started_on else "0000-00-00"),
            (
                "my_finish_date",
                entry.finished_on.isoformat() if entry.finished_on else "0000-00-00",
            ),
            ("my_score", entry.score or 0),
            ("my_status", EXPORT_STATUSES[entry.status]),
            ("my_comments", _comments(entry, with_cry)),
            ("my_times_watched", entry.times_rewatched),
            ("update_on_import", 1),
        ]
        for name, value in fields:
            SubElement(anime, name).text = str(value)
    return b'<?xml version="1.0" encoding="UTF-8" ?>\n' + tostring(root, encoding="utf-8")


def _comments(entry, with_cry):
    parts = [entry.note] if entry.note else []
    if with_cry and entry.cry_rating is not None:
        parts.append(f"sadlist cry rating: {entry.cry_rating}/5 ({entry.get_cry_rating_display()})")
    review = getattr(entry, "review_body", None)
    if with_cry and review:
        parts.append(f"sadlist review: {review}")
    return "\n\n".join(parts)
