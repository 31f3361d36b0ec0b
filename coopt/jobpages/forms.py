from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from coopt.lib.http import EMAIL_MAX_LENGTH
from coopt.referrals.consent_records import pool_consent_label
from coopt.referrals.forms import CVField
from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import active_tags
from coopt.tenants.models import Tenant


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    tag = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.none(),
        required=False,
        label=_("Tags"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tags = cast(forms.ModelMultipleChoiceField, self.fields["tag"])
        tags.queryset = active_tags(tenant)


class PublicApplicationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_MAX_LENGTH)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    motivation = forms.CharField(
        label=_("Your message to the recruiter"),
        widget=forms.Textarea,
        required=False,
        max_length=4000,
    )
    cv = CVField()
    consent = forms.BooleanField(
        label=_("I agree that my application data is processed for this recruitment."),
    )
    pool_consent = forms.BooleanField(required=False)
    ref = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, pool_months: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pool_consent"].label = pool_consent_label(months=pool_months)
