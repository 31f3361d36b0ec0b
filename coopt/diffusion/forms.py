"""The recruiter's forms: the audience editor (D1, D2), the send history's filter and the
weekly cap (D6)."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coopt.accounts.models import Department
from coopt.jobs.models import Job
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .audience import AudienceSpec
from .models import DiffusionSettings, Send
from .selectors import memberships_by_email, split_emails
from .waves import network_wave_delay

MAX_EMAILS = 1000
MAX_WAVE_DELAY_HOURS = 168
EMAIL_FIELDS = {"add_emails": "add_members", "remove_emails": "remove_members"}
KIND_HEADINGS = {
    Tag.Kind.LOCATION: _("Locations"),
    Tag.Kind.FAMILY: _("Job families"),
    Tag.Kind.SECTOR: _("Sectors"),
}


def own_tag_ids(job: Job) -> set[int]:
    """The tags the job carries: its locations (prefetched), family and sector."""
    own = {tag.pk for tag in job.locations.all()}
    return own | {pk for pk in (job.job_family_id, job.sector_id) if pk}


@dataclass(frozen=True)
class TagChoice:
    tag: Tag
    checked: bool
    on_job: bool


@dataclass(frozen=True)
class TagGroup:
    label: str
    choices: list[TagChoice]


class AudienceForm(forms.Form):
    """The recruiter's edit of a job's audience, and how to release it.

    Ticked tags are the ones matched on: unticking one the job carries removes it,
    ticking another adds it. E-mail addresses are resolved to this tenant's members
    only; the preview still counts the known ones while unknown ones are reported.

    In network mode there is no choice of waves: every send goes by level, highest
    first, with the delay of the network's rules (``network_hours``), which the
    recruiter cannot change for one send; the two wave fields are left out.
    """

    edited = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")
    tags = forms.TypedMultipleChoiceField(
        label=_("Matched on"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    add_departments = forms.TypedMultipleChoiceField(
        label=_("Add everyone in these departments"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_departments = forms.TypedMultipleChoiceField(
        label=_("Leave out these departments"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add_emails = forms.CharField(
        label=_("Add people"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("Their e-mail addresses, one per line."),
    )
    remove_emails = forms.CharField(
        label=_("Leave out people"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_("Their e-mail addresses, one per line."),
    )
    wave_by = forms.ChoiceField(
        label=_("Waves"),
        choices=Send.WaveBy.choices,
        required=False,
        widget=forms.RadioSelect,
        initial=Send.WaveBy.NONE,
    )
    wave_delay_hours = forms.IntegerField(
        label=_("Hours between two waves"),
        required=False,
        min_value=1,
        max_value=MAX_WAVE_DELAY_HOURS,
        help_text=_("From 1 to 168 hours (one week)."),
    )

    def __init__(
        self,
        *args: Any,
        job: Job,
        tags: list[Tag],
        departments: list[Department],
        **kwargs: Any,
    ) -> None:
        self.job = job
        self.own_tags = own_tag_ids(job)
        kwargs.setdefault("initial", {"tags": sorted(self.own_tags)})
        super().__init__(*args, **kwargs)
        self.network_delay = network_wave_delay(tenant=job.tenant)
        if self.network_delay is not None:
            del self.fields["wave_by"]
            del self.fields["wave_delay_hours"]
        self.tag_list = tags
        self._choice_field("tags").choices = [(tag.pk, tag.label) for tag in tags]
        department_choices = [(department.pk, department.name) for department in departments]
        self._choice_field("add_departments").choices = department_choices
        self._choice_field("remove_departments").choices = department_choices
        # What the e-mail fields resolved to, kept even when some addresses are unknown.
        self.resolved: dict[str, list[int]] = {"add_members": [], "remove_members": []}

    def _choice_field(self, name: str) -> forms.TypedMultipleChoiceField:
        """``fields`` holds the fields declared above, typed as any field."""
        return cast(forms.TypedMultipleChoiceField, self.fields[name])

    def tag_groups(self) -> list[TagGroup]:
        """The tenant's tags by kind, ticked as the form stands, the job's own marked."""
        value = self["tags"].value() or []
        ticked = {str(pk) for pk in value}
        groups = []
        for kind, label in KIND_HEADINGS.items():
            choices = [
                TagChoice(tag=tag, checked=str(tag.pk) in ticked, on_job=tag.pk in self.own_tags)
                for tag in self.tag_list
                if tag.kind == kind
            ]
            if choices:
                groups.append(TagGroup(label=str(label), choices=choices))
        return groups

    def _resolve(self, name: str) -> str:
        text = self.cleaned_data.get(name, "")
        emails = split_emails(text)
        if len(emails) > MAX_EMAILS:
            raise forms.ValidationError(
                _("Paste at most %(max)s addresses at a time."),
                code="too_many",
                params={"max": MAX_EMAILS},
            )
        tenant: Tenant = self.job.tenant
        found = memberships_by_email(tenant=tenant, emails=emails)
        self.resolved[EMAIL_FIELDS[name]] = [found[email] for email in emails if email in found]
        unknown = [email for email in emails if email not in found]
        if unknown:
            raise forms.ValidationError(
                ngettext(
                    "No member of %(company)s has this address: %(emails)s.",
                    "No member of %(company)s has these addresses: %(emails)s.",
                    len(unknown),
                )
                % {"company": tenant.name, "emails": ", ".join(unknown)},
                code="unknown",
            )
        return text

    def clean_add_emails(self) -> str:
        return self._resolve("add_emails")

    def clean_remove_emails(self) -> str:
        return self._resolve("remove_emails")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("add_departments") or []) & set(data.get("remove_departments") or [])
        if both:
            self.add_error(
                "remove_departments",
                _("A department cannot be both added and left out."),
            )
        if data.get("wave_by") and not data.get("wave_delay_hours"):
            if not self.has_error("wave_delay_hours"):
                self.add_error("wave_delay_hours", _("Give the number of hours between two waves."))
        return data

    def _value(self, name: str) -> list[int]:
        """A cleaned list, or what a field that failed would have given (for the preview)."""
        cleaned = getattr(self, "cleaned_data", {}).get(name)
        if cleaned is not None:
            return list(cleaned)
        if not self.is_bound:
            return []
        field = self._choice_field(name)
        values = self.data.getlist(name) if isinstance(self.data, QueryDict) else []
        return [int(value) for value in values if field.valid_value(value)]

    def spec(self) -> AudienceSpec:
        """The audience as edited; the job's default audience for an unbound form."""
        if not self.is_bound:
            return AudienceSpec()
        self.is_valid()
        ticked = set(self._value("tags"))
        return AudienceSpec(
            add_tags=sorted(ticked - self.own_tags),
            remove_tags=sorted(self.own_tags - ticked),
            add_departments=self._value("add_departments"),
            remove_departments=self._value("remove_departments"),
            add_members=self.resolved["add_members"],
            remove_members=self.resolved["remove_members"],
        )

    @property
    def network_hours(self) -> int | None:
        """The hours between two waves every send takes in network mode; None otherwise."""
        if self.network_delay is None:
            return None
        return int(self.network_delay.total_seconds() // 3600)

    def wave_hours(self) -> int | None:
        """The hours between two waves of this send, for the confirmation."""
        if self.network_delay is not None:
            return self.network_hours
        return self.cleaned_data.get("wave_delay_hours")

    def waves(self) -> tuple[str, timedelta | None]:
        """``(wave_by, wave_delay)`` for ``send_start``: no delay when everyone goes at once;
        by level with the network's delay in network mode."""
        if self.network_delay is not None:
            return Send.WaveBy.LEVEL, self.network_delay
        wave_by = str(self.cleaned_data.get("wave_by") or Send.WaveBy.NONE)
        hours = self.cleaned_data.get("wave_delay_hours")
        return wave_by, (timedelta(hours=hours) if wave_by and hours else None)


class SendFilterForm(forms.Form):
    q = forms.CharField(label=_("Job title"), required=False, max_length=100)


class WeeklyCapForm(forms.ModelForm):
    class Meta:
        model = DiffusionSettings
        fields = ["weekly_cap"]
        widgets = {"weekly_cap": forms.NumberInput(attrs={"min": 1, "max": 20})}
