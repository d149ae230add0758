"""The admin's number inputs carry the model's limits as min and max attributes."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator


class NumberLimitsMixin:
    """For a ModelAdmin or an inline: each number input gets ``min``/``max`` from its model
    field's validators (the tightest of them), so the browser states the allowed range
    before the form is sent. The validators themselves give the message at the field."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None or not isinstance(formfield.widget, forms.NumberInput):
            return formfield
        # The validators the model gave (_validators), not the database's integer range that
        # db_field.validators adds, which differs between SQLite and PostgreSQL.
        validators = getattr(db_field, "_validators", [])
        lows = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
        highs = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
        if lows:
            formfield.widget.attrs["min"] = max(lows)
        if highs:
            formfield.widget.attrs["max"] = min(highs)
        return formfield
