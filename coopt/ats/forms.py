"""The admin's form for the company's ATS connection."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coopt.jobs.models import Job

from .connectors.registry import connector_choices
from .models import AtsConnection


class ConnectionForm(forms.ModelForm):
    """The settings; the API key is never shown back: left empty, the saved one is kept."""

    connector = forms.ChoiceField(label=_("ATS"), choices=connector_choices)
    api_key = forms.CharField(
        label=_("Harvest API key"),
        required=False,
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = AtsConnection
        fields = [
            "connector",
            "enabled",
            "board_token",
            "api_key",
            "on_behalf_of",
            "credit_referrer_as",
            "pull_jobs",
            "push_candidates",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hint = self.instance.api_key_hint if self.instance.pk else ""
        if hint:
            self.fields["api_key"].help_text = _(
                "Saved, ending in %(hint)s. Leave empty to keep it."
            ) % {"hint": hint}

    def clean_on_behalf_of(self) -> str:
        value: str = self.cleaned_data["on_behalf_of"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError(_("A Greenhouse user id is a number."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("enabled"):
            return data
        if data.get("pull_jobs") and not data.get("board_token"):
            self.add_error("board_token", _("Bringing jobs in needs the job board token."))
        if data.get("push_candidates"):
            if not (data.get("api_key") or self.instance.api_key):
                self.add_error("api_key", _("Sending candidates needs the Harvest API key."))
            if not data.get("on_behalf_of"):
                self.add_error("on_behalf_of", _("Sending candidates needs the acting user id."))
        return data

    def settings(self) -> dict[str, Any]:
        """The cleaned settings as ``connection_save`` takes them (the key apart)."""
        data = self.cleaned_data
        return {name: data[name] for name in self.Meta.fields if name != "api_key"}


class JobLinkForm(forms.Form):
    """Link one of the company's jobs to the ATS's job of that id (empty: unlink it)."""

    job = forms.ModelChoiceField(label=_("Job"), queryset=Job.objects.none())
    external_job_id = forms.CharField(
        label=_("Job id in the ATS"),
        required=False,
        max_length=40,
        help_text=_("The job's id in Greenhouse, a number. Leave empty to unlink the job."),
    )

    def __init__(self, *args: Any, jobs: QuerySet[Job], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["job"]).queryset = jobs

    def clean_external_job_id(self) -> str:
        value: str = self.cleaned_data["external_job_id"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError(_("A Greenhouse job id is a number."))
        return value
