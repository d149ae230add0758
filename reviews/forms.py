from django import forms

from .models import REVIEW_MAX_LENGTH, REVIEW_MIN_LENGTH, Report, Review


class ReviewBodyField(forms.CharField):
    """Text whose line breaks are counted and stored the same way (browsers send CRLF)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["body", "contains_spoilers"]
        field_classes = {"body": ReviewBodyField}

        # The lengths are checked by the model field's validators; these attributes
        # let the browser say so before the form is sent.
        widgets = {
            "body": forms.Textarea(
                attrs={"rows": 10, "minlength": REVIEW_MIN_LENGTH, "maxlength": REVIEW_MAX_LENGTH}
            )
        }


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "details"]
        widgets = {
            "reason": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }
        error_messages = {"reason": {"required": "Choose the reason for your report."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only real reasons, none chosen in advance: the model field's blank "---------"
        # choice would otherwise be the first radio button, and checked.
        self.fields["reason"].choices = Report.Reason.choices
