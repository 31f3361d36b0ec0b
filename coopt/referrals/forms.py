from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from coopt.lib.http import EMAIL_MAX_LENGTH
from coopt.tenants.models import Tenant

from .consent_records import pool_consent_label
from .uploads import validate_cv


class CVField(forms.FileField):
    """A CV checked by content: PDF, DOCX or ODT, 10 MB at most."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("CV (PDF, Word or OpenDocument, 10 MB at most)"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ".pdf,.docx,.odt"

    def clean(self, data: Any, initial: Any = None) -> UploadedFile | None:
        upload = super().clean(data, initial)
        if upload:
            validate_cv(upload)
        return upload


class RecommendForm(forms.Form):
    """Two minutes on a phone (R1)."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_MAX_LENGTH)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    cv = CVField()
    relationship = forms.CharField(
        label=_("How do you know them?"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Former colleague, friend, school…")}),
    )
    motivation = forms.CharField(
        label=_("Why do they fit?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    language = forms.ChoiceField(label=_("Their language"))

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = tenant.language_choices()
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "inputmode": "email"})
        self.fields["phone"].widget.input_type = "tel"
        if tenant.mode == Tenant.Mode.NETWORK:
            # R2: a hire at the referrer's own employer pays a charity, not the referrer.
            self.fields["current_employer"] = forms.CharField(
                label=_("Their current employer (optional)"),
                max_length=200,
                required=False,
            )


class MobilityForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why this job?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    cv = CVField()


class ConsentForm(forms.Form):
    cv = CVField(label=_("Add your CV (optional: PDF, Word or OpenDocument, 10 MB at most)"))
    replace_cv = forms.BooleanField(
        label=_("Replace the CV sent by the person who recommended me"), required=False
    )
    pool_consent = forms.BooleanField(required=False)

    def __init__(self, *args: Any, pool_months: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pool_consent"].label = pool_consent_label(months=pool_months)
