"""Back office forms for the pipeline: statuses, transfers, notes, reminders."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.jobs.models import Job
from coopt.referrals.models import Referral, Status

from .jobs import limit

# A recruiter moves people with these; "transferred" has its own form.
PIPELINE_CHOICES = [(s.value, s.label) for s in Status if s != Status.TRANSFERRED]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=PIPELINE_CHOICES)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=300, required=False)


class TransferForm(forms.Form):
    job = forms.ModelChoiceField(
        label=_("Transfer to"),
        queryset=Job.objects.none(),
        empty_label=_("Choose a job"),
    )

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self.fields["job"], targets)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Interview note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReminderForm(forms.Form):
    due_on = forms.DateField(
        label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    text = forms.CharField(label=_("Reminder"), max_length=200)

    def clean_due_on(self) -> datetime.date:
        due_on: datetime.date = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return due_on


class BulkStatusForm(forms.Form):
    referrals = forms.ModelMultipleChoiceField(
        queryset=Referral.objects.none(),
        error_messages={
            "required": _("Select at least one person."),
            "invalid_choice": _("One of the selected people cannot be changed here."),
            "invalid_pk_value": _("One of the selected people cannot be changed here."),
        },
    )
    status = forms.ChoiceField(label=_("Move the selected people to"), choices=PIPELINE_CHOICES)

    def __init__(self, *args: Any, movable: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self.fields["referrals"], movable)
