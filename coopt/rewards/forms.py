import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopt.accounts.models import Membership
from coopt.clients.models import ClientCompany
from coopt.jobs.models import Job
from coopt.tenants.models import Tenant

from .models import Charity, Choice, PayoutSettings, Reward, RewardRule, State
from .selectors import ledger_jobs, ledger_members

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RewardRuleForm(forms.ModelForm):
    class Meta:
        model = RewardRule
        fields = [
            "kind",
            "amount",
            "currency",
            "amount_beginner",
            "amount_confirmed",
            "amount_expert",
            "probation_months",
            "points",
            "gift",
        ]
        widgets = {"kind": forms.RadioSelect}


class PayoutChoiceForm(forms.Form):
    choice = forms.ChoiceField(label=_("How do you want to receive it?"), widget=forms.RadioSelect)
    charity = forms.ChoiceField(label=_("Charity"), required=False)

    def __init__(
        self, *args: Any, choices: list[str], charities: list[Charity], **kwargs: Any
    ) -> None:
        """``charities``: the tenant's active ones, read once for every form on the page."""
        super().__init__(*args, **kwargs)
        self.charities = {str(charity.pk): charity for charity in charities}
        cast(forms.ChoiceField, self.fields["choice"]).choices = [
            (c, Choice(c).label) for c in choices
        ]
        cast(forms.ChoiceField, self.fields["charity"]).choices = [("", _("Choose a charity"))] + [
            (pk, charity.name) for pk, charity in self.charities.items()
        ]
        if Choice.CHARITY not in choices:
            del self.fields["charity"]

    def clean_charity(self) -> Charity | None:
        return self.charities.get(self.cleaned_data.get("charity") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") in (Choice.CHARITY, Choice.SPLIT) and not data.get("charity"):
            self.add_error("charity", _("Choose a charity from the list."))
        return data


class DepartureForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. resigned during the trial period")}),
    )

    def clean_left_on(self) -> datetime.date:
        left_on: datetime.date = self.cleaned_data["left_on"]
        if left_on > timezone.localdate():
            raise forms.ValidationError(_("The departure date cannot be in the future."))
        return left_on


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.display_name


class LedgerFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All"))] + list(State.choices), required=False
    )
    member = MemberChoiceField(
        label=_("Member"), queryset=Membership.objects.none(), required=False
    )
    job = forms.ModelChoiceField(label=_("Job"), queryset=Job.objects.none(), required=False)
    start = forms.DateField(label=_("Due or paid from"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("to"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = cast(forms.ModelChoiceField, self.fields["member"])
        member.queryset = ledger_members(tenant=tenant)
        job = cast(forms.ModelChoiceField, self.fields["job"])
        job.queryset = ledger_jobs(tenant=tenant).order_by("title", "id")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        return data


class BulkPayForm(forms.Form):
    rewards = forms.ModelMultipleChoiceField(
        queryset=Reward.objects.none(),
        error_messages={
            "required": _("Select the rewards to mark as paid."),
            "invalid_choice": _("A selected reward does not exist. Reload the page."),
            "invalid_pk_value": _("A selected reward does not exist. Reload the page."),
        },
    )

    def __init__(self, *args: Any, rewards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["rewards"]).queryset = rewards


class CharityForm(forms.ModelForm):
    class Meta:
        model = Charity
        fields = ["name", "description", "website", "is_active"]

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        taken = Charity.objects.filter(tenant=self.tenant, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("A charity with this name is already on the list."))
        return name


class PayoutSettingsForm(forms.ModelForm):
    class Meta:
        model = PayoutSettings
        fields = [
            "charity_top_up",
            "top_up_currency",
            "credits_enabled",
            "credits_per_reward",
            "sponsor_bonus",
            "sponsor_bonus_currency",
        ]


class ExportForm(forms.Form):
    FORMATS = [("csv", "CSV"), ("xlsx", "XLSX (Excel)")]
    SCOPES = [
        ("due,paid", _("Due and paid")),
        ("paid", _("Paid only")),
        ("due", _("Due only")),
    ]
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=pgettext_lazy("date range", "To"), widget=DATE_WIDGET)
    scope = forms.ChoiceField(label=_("Rewards"), choices=SCOPES, initial="due,paid")
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="xlsx")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        return data

    @property
    def states(self) -> list[str]:
        return str(self.cleaned_data["scope"]).split(",")


class JobPostForm(forms.Form):
    """A member's job for their own company: a company the operator approved before, or a
    new one described for the operator to approve."""

    client = forms.ModelChoiceField(
        label=_("Your company"),
        queryset=ClientCompany.objects.none(),
        required=False,
        empty_label=_("Another company (the team approves it first)"),
    )
    company_name = forms.CharField(label=_("Company name"), max_length=120, required=False)
    company_website = forms.URLField(label=_("Company website"), required=False)
    contact_name = forms.CharField(label=_("Contact's name"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Contact's e-mail"), required=False)
    title = forms.CharField(label=_("Job title"), max_length=200)
    description = forms.CharField(
        label=_("Job description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    location = forms.CharField(label=_("Location"), max_length=120)

    def __init__(self, *args: Any, clients: list[ClientCompany], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if clients:
            field = cast(forms.ModelChoiceField, self.fields["client"])
            field.queryset = ClientCompany.objects.filter(pk__in=[c.pk for c in clients])
        else:
            del self.fields["client"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("client") is None:
            for name in ("company_name", "contact_name", "contact_email"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        return data


class JobPostDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the request is declined"),
        max_length=300,
        help_text=_("The member reads it."),
    )
