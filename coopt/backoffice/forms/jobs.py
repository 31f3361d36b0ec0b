"""Back office forms for jobs and templates: they parse and validate; services do the writing."""

import datetime
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.clients.models import ClientCompany
from coopt.jobs.models import Job, JobTemplate
from coopt.jobs.services import CONTENT_FIELDS
from coopt.lib.currencies import CURRENCIES, DEFAULT_CURRENCY
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant


def limit(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """Restrict a model choice field to the tenant's own rows."""
    cast(forms.ModelChoiceField, field).queryset = queryset


def rich_text_attrs() -> dict[str, object]:
    """Attributes that static/coopt/editor.js turns into a small formatting toolbar."""
    return {
        "rows": 12,
        "data-rich-text": "",
        "data-label-bold": _("Bold"),
        "data-label-italic": _("Italic"),
        "data-label-heading": _("Heading"),
        "data-label-bullets": _("Bulleted list"),
        "data-label-numbers": _("Numbered list"),
        "data-label-link": _("Link"),
        "data-label-clear": _("Clear formatting"),
        "data-link-prompt": _("Address of the link"),
    }


class JobContentMixin(forms.ModelForm):
    """What jobs and templates share: tag choices of the tenant, the salary band."""

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tags = Tag.objects.filter(tenant=tenant).filter(
            Q(is_archived=False) | Q(pk__in=self._own_tag_ids())
        )
        limit(self.fields["job_family"], tags.filter(kind=Tag.Kind.FAMILY))
        limit(self.fields["sector"], tags.filter(kind=Tag.Kind.SECTOR))
        if "locations" in self.fields:
            limit(self.fields["locations"], tags.filter(kind=Tag.Kind.LOCATION))
        currencies = list(CURRENCIES)
        current = self.initial.get("salary_currency") or ""
        if current and current not in currencies:
            currencies.append(current)
        self.fields["salary_currency"] = forms.ChoiceField(
            label=_("Currency"),
            choices=[(code, code) for code in currencies],
            initial=DEFAULT_CURRENCY,
        )
        self.fields["description"].widget = forms.Textarea(attrs=rich_text_attrs())
        self.fields["description"].help_text = _(
            "Paragraphs, headings, lists, bold, italics and links are kept; "
            "scripts, styles and anything else are removed."
        )

    def _own_tag_ids(self) -> list[int]:
        """The tags the job or template carries now: offered even once archived, so that
        saving it does not drop them; no other archived tag is offered."""
        instance = self.instance
        ids = [pk for pk in (instance.job_family_id, instance.sector_id) if pk]
        if isinstance(instance, Job) and instance.pk:
            ids += [tag.pk for tag in instance.locations.all()]
        return ids
        for name in ("salary_min", "salary_max"):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1000})

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "salary_max",
                _("The upper end of the salary band cannot be below the lower end."),
            )
        return data

    def content(self) -> dict[str, Any]:
        """The cleaned fields, ready for the service."""
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}


class JobForm(JobContentMixin):
    class Meta:
        model = Job
        fields = [
            "client",
            "title",
            "description",
            "locations",
            "job_family",
            "sector",
            "contract_type",
            "salary_min",
            "salary_max",
            "salary_currency",
            "reward_note",
            "closes_on",
            "call_script",
        ]
        widgets = {
            "locations": forms.CheckboxSelectMultiple,
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_closes_on(self) -> datetime.date | None:
        closes_on: datetime.date | None = self.cleaned_data.get("closes_on")
        # A date already past is kept as it was (the job it closed may be edited); a new one
        # must be today or later.
        if (
            closes_on is not None
            and "closes_on" in self.changed_data
            and closes_on < timezone.localdate()
        ):
            raise forms.ValidationError(_("The closing date cannot be in the past."), code="past")
        return closes_on

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, tenant=tenant, **kwargs)
        # A network's jobs are each posted for one of its client companies (N2); an
        # internal company hires for itself.
        if tenant.mode == Tenant.Mode.NETWORK:
            limit(self.fields["client"], ClientCompany.objects.filter(tenant=tenant))
            self.fields["client"].required = True
        else:
            del self.fields["client"]
            del self.fields["call_script"]

    def content(self) -> dict[str, Any]:
        content = {**super().content(), "closes_on": self.cleaned_data["closes_on"]}
        if "client" in self.fields:
            content["client"] = self.cleaned_data["client"]
            content["call_script"] = self.cleaned_data["call_script"]
        return content


class TemplateForm(JobContentMixin):
    class Meta:
        model = JobTemplate
        fields = ["name", *CONTENT_FIELDS]


class JobFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Job.Status.choices],
    )
