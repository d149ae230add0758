"""The catalog's template helpers, written in Python where lists repeat them per row."""

from django import template
from django.utils.safestring import mark_safe

from sadlist.formatting import escape

from ..models import Title, initials, placeholder_hue

# Where covers are stored: what a cover's FieldFile.url asks.
_COVER_STORAGE = Title._meta.get_field("cover").storage

register = template.Library()
# The placeholder's tear drop.
TEAR = "M100 70c-2 0-3 1-4 2-9 15-31 46-31 63a35 35 0 0 0 70 0c0-17-22-48-31-63-1-1-2-2-4-2z"


@register.simple_tag
def cover(title, size):
    """A title's cover, or a generated placeholder; ``size`` is "sm", "md" or "lg".

    In Python rather than an included template: a page of 24 cards spent a few
    milliseconds on the include alone.
    """
    name = escape(title.title_en)
    if title.cover:
        return mark_safe(  # noqa: S308 - every value is escaped
            f'<img class="cover cover-{size}" src="{escape(title.cover.url)}" '
            f'alt="Cover of {name}" loading="lazy">'
        )
    gradient = f"cover-{escape(title.slug)}-{size}"
    hue = title.placeholder_hue
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<svg class="cover cover-{size}" viewBox="0 0 200 300" role="img" '
        f'aria-label="{name} (no cover image yet)" xmlns="http://www.w3.org/2000/svg">'
        f'<defs><linearGradient id="{gradient}" x1="0" y1="0" x2="0.4" y2="1">'
        f'<stop offset="0" stop-color="hsl({hue}, 45%, 42%)"/>'
        f'<stop offset="1" stop-color="hsl({hue}, 50%, 18%)"/></linearGradient></defs>'
        f'<rect width="200" height="300" fill="url(#{gradient})"/>'
        f'<path d="{TEAR}" fill="#fff" opacity=".18"/>'
        '<text x="100" y="235" text-anchor="middle" font-family="system-ui, sans-serif" '
        f'font-size="44" font-weight="700" fill="#fff" opacity=".9">{escape(title.initials)}'
        "</text></svg>"
    )


@register.simple_tag
def cover_thumb(title):
    """A title's cover at row size, for tables (rankings, the watchlist): the image, or a
    light placeholder of the title's colour and initials. Decorative: the row names the title.
    """
    return cover_thumb_of(title.cover.name, title.slug, title.title_en)


def cover_thumb_of(cover_name, slug, title_en):
    """cover_thumb for a title read as plain values (its cover's stored name, its slug and
    English title), for rows that make no Title: the same markup."""
    if cover_name:
        url = _COVER_STORAGE.url(cover_name)
        return mark_safe(  # noqa: S308 - every value is escaped
            f'<img class="cover-thumb" src="{escape(url)}" alt="" width="32" '
            'height="48" loading="lazy">'
        )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<span class="cover-thumb cover-hue-{placeholder_hue(slug) // 30}" '
        f'data-initials="{escape(initials(title_en))}" aria-hidden="true"></span>'
    )


_FORMATS = dict(Title.Format.choices)


@register.simple_tag
def title_meta(title):
    """One line of facts about a title: its format, year and number of episodes (movies
    leave it out), each in a <span>. Every list and form page that names a title uses it."""
    parts = [f"<span>{escape(_FORMATS.get(title.format, title.format))}</span>"]
    if title.year:
        parts.append(f"<span>{title.year}</span>")
    episodes = title.episodes
    if episodes and title.format != Title.Format.MOVIE:
        parts.append(f"<span>{episodes} episode{'' if episodes == 1 else 's'}</span>")
    return mark_safe(" · ".join(parts))  # noqa: S308 - every value is escaped


@register.simple_tag
def filter_form(form, action, label, submit, filtering):
    """The search-and-filter form of includes/_filter_form.html (which says what it needs),
    written in Python: through the template engine its six fields cost a few milliseconds
    of every catalog, ranking and forecast page. Every value is escaped."""
    action = escape(action)
    parts = [
        f'<form method="get" action="{action}" class="row g-2 align-items-start mb-4" '
        f'aria-label="{escape(label)}">\n  '
    ]
    for field in form:
        width = "col-12 col-lg-4" if field.name == "q" else "col-6 col-md-3 col-lg-2"
        auto_id = escape(field.auto_id)
        help_text = ""
        if field.help_text:
            help_text = (
                f'<div class="form-text small" id="{auto_id}_helptext">'
                f"{escape(field.help_text)}</div>"
            )
        errors = "".join(
            f'<div class="invalid-feedback d-block" id="{auto_id}_error">{escape(error)} '
            "This filter was ignored.</div>"
            for error in field.errors
        )
        parts.append(
            f'\n    <div class="{width}">\n'
            f'      <label class="form-label small mb-1" for="{escape(field.id_for_label)}">'
            f"{escape(field.label)}</label>\n"
            f"      {field}\n"
            f"      {help_text}\n"
            f"      {errors}\n"
            "    </div>\n  "
        )
    clear = f'<a class="btn btn-link" href="{action}">Clear</a>' if filtering else ""
    parts.append(
        "\n"
        '  <div class="col-12 col-md-auto">\n'
        '    <span class="form-label small mb-1 d-none d-md-block" aria-hidden="true">&nbsp;'
        "</span>\n"
        f'    <button type="submit" class="btn btn-primary">{escape(submit)}</button>\n'
        f"    {clear}\n"
        "  </div>\n"
        "</form>"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped
