"""A form renderer that writes <select> and <input> widgets in Python.

Django renders each <option> through two templates (the option and its attributes): the
catalog's and the rankings' filter forms, about ninety options, spent 3–4 ms of every page
on it, and each text or search box through three (text.html, input.html, attrs.html).
FastSelectRenderer writes what Django's own select.html, select_option.html, input.html
and attrs.html templates write (less the empty lines between options), and leaves every
other widget to them.

FastSelect and FastSelectMultiple go further for selects of many options drawn every
request (the filter forms' tags): each option is escaped once per set of choices, and
the per-option dictionaries Django builds for the templates are skipped. Their HTML is
what those templates write too.
"""

import functools

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT_TEMPLATES = {"django/forms/widgets/select.html"}
# The input widgets whose templates are input.html alone (each includes it, nothing else).
INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        *("input", "text", "search", "number", "email", "url", "password", "hidden"),
        *("tel", "date", "datetime", "time", "color"),
    )
}


def _attrs(attrs):
    """As django/forms/widgets/attrs.html: True is a bare name, False leaves it out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _option(option):
    value = conditional_escape(str(option["value"]))
    label = conditional_escape(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>'


def render_select(widget):
    lines = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            lines.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            lines.append(f"\n  {_option(option)}")
        if group_name:
            lines.append("\n  </optgroup>")
    lines.append("\n</select>")
    return "".join(lines)


def render_input(widget):
    """As django/forms/widgets/input.html: the value left out only when it is None."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
    return f'<input type="{kind}" name="{name}"{shown}{_attrs(widget["attrs"])}>'


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in SELECT_TEMPLATES:
            return render_select(context["widget"])
        if template_name in INPUT_TEMPLATES:
            return render_input(context["widget"])
        return super().render(template_name, context, request)


def _hashable(choices):
    """Normalized choices as nested tuples, for _option_lines' cache."""
    return tuple(
        (value, _hashable(label) if isinstance(label, (list, tuple)) else label)
        for value, label in choices
    )


@functools.lru_cache(maxsize=64)
def _option_lines(choices):
    """``choices`` as Django's ChoiceWidget.optgroups groups them, each option written
    plain and selected: [(group line or "", [(str(value), plain, selected)], end line)]."""
    groups = []
    for value, label in choices:
        if value is None:
            value = ""
        if isinstance(label, tuple):
            name, options = value, label
        else:
            name, options = None, ((value, label),)
        lines = []
        for option_value, option_label in options:
            start = f'\n  <option value="{conditional_escape(str(option_value))}"'
            end = f">{conditional_escape(option_label)}</option>"
            lines.append((str(option_value), start + end, f"{start} selected{end}"))
        if name:
            groups.append(
                (f'\n  <optgroup label="{conditional_escape(name)}">', lines, "\n  </optgroup>")
            )
        else:
            groups.append(("", lines, ""))
    return groups


class FastSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        if not isinstance(renderer or get_default_renderer(), FastSelectRenderer):
            return super().render(name, value, attrs, renderer)
        # The widget's context without ChoiceWidget's optgroups, which the options below
        # replace: the same selection (only the first match unless multiple), the same HTML.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        values, multiple, found = widget["value"], self.allow_multiple_selected, False
        parts = [f'<select name="{conditional_escape(name)}"{_attrs(widget["attrs"])}>']
        for start, options, end in _option_lines(_hashable(self.choices)):
            parts.append(start)
            for option_value, plain, selected in options:
                if (multiple or not found) and option_value in values:
                    found = True
                    parts.append(selected)
                else:
                    parts.append(plain)
            parts.append(end)
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


class FastSelect(FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(FastSelectMixin, forms.SelectMultiple):
    pass
