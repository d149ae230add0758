"""A form renderer that writes <select> widgets in Python.

Django renders each <option> through two templates (the option and its attributes): the
catalog's and the rankings' filter forms, about ninety options, spent 3–4 ms of every page
on it. FastSelectRenderer writes exactly what Django's own select.html, select_option.html
and attrs.html templates write, and leaves every other widget to them.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

SELECT_TEMPLATES = {"django/forms/widgets/select.html"}


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


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in SELECT_TEMPLATES:
            return render_select(context["widget"])
        return super().render(template_name, context, request)
