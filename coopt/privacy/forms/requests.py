"""Forms of the personal data page and of the admin's list of requests (Y3)."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopt.referrals.models import Referral

from ..models import SubjectRequest
from ..requests import RECTIFIABLE_FIELDS

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().\-/]+$")
# A name is corrected, never removed; a phone number may be.
REQUIRED_FIELDS = {"first_name", "last_name"}


class RectifyForm(forms.Form):
    """What the person may correct themself: the ``RECTIFIABLE_FIELDS`` of their referral
    (name and phone), as the referral defines them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Referral, fields=RECTIFIABLE_FIELDS))
        for name, field in self.fields.items():
            field.required = name in REQUIRED_FIELDS
        self.fields["phone"].help_text = _("Leave empty to remove it.")
        self.fields["phone"].widget.input_type = "tel"

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = sum(ch.isdigit() for ch in phone)
        if phone and (not PHONE_CHARACTERS.match(phone) or not 6 <= digits <= 20):
            raise forms.ValidationError(
                _("Enter a phone number: digits, spaces and an optional leading +.")
            )
        return phone


class OtherRequestForm(forms.Form):
    """Anything the page cannot do by itself, answered by the company within one month."""

    kind = forms.ChoiceField(label=_("Your request is about"), choices=SubjectRequest.Kind.choices)
    details = forms.CharField(
        label=_("Your request"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For instance: a new e-mail address, or a question about how your data is used."
        ),
    )


STATE_FILTER_CHOICES = [("", _("All states")), *SubjectRequest.State.choices]
KIND_FILTER_CHOICES = [("", _("All kinds")), *SubjectRequest.Kind.choices]


class RequestFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=STATE_FILTER_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_FILTER_CHOICES, required=False)


class CloseRequestForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (SubjectRequest.State.DONE, _("Done")),
            (SubjectRequest.State.REFUSED, _("Refused")),
        ]
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, or why the request is refused (required to refuse)."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            data.get("state") == SubjectRequest.State.REFUSED
            and not str(data.get("note") or "").strip()
        ):
            self.add_error("note", _("Give the reasons for the refusal: the person must be told."))
        return data
