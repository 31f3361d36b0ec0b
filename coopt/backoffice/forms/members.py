from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from coopt.accounts.importing import MAX_FILE_BYTES
from coopt.accounts.models import Department
from coopt.lib.http import EMAIL_MAX_LENGTH
from coopt.tenants.models import Tenant

ROLE_CHOICES = [
    ("", _("All roles")),
    ("member", _("Member")),
    ("expert", _("Expert")),
    ("recruiter", _("Recruiter")),
    ("admin", _("Admin")),
]
STATE_CHOICES = [
    ("", _("Active and inactive")),
    ("active", _("Active")),
    ("inactive", _("Inactive")),
]


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or e-mail")}),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("All departments"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, required=False)
    state = forms.ChoiceField(label=_("Status"), choices=STATE_CHOICES, required=False)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = cast(forms.ModelChoiceField, self.fields["department"])
        departments.queryset = Department.objects.filter(tenant=tenant)


class RolesForm(forms.Form):
    is_expert = forms.BooleanField(label=_("Expert"), required=False)
    is_recruiter = forms.BooleanField(label=_("Recruiter"), required=False)
    is_admin = forms.BooleanField(label=_("Admin"), required=False)


class InviteForm(RolesForm):
    """One person, invited by hand (M1, M5). Department and location are free names:
    an unknown one is created, as in a CSV import."""

    email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_MAX_LENGTH)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    department = forms.CharField(
        label=_("Department"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": "department-names", "autocomplete": "off"}),
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"list": "location-names", "autocomplete": "off"}),
    )

    field_order = ["email", "first_name", "last_name", "department", "location"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma or semicolon separated, 5 MB and 20,000 lines at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    send_invitations = forms.BooleanField(
        label=_("E-mail an invitation to each new member"), required=False
    )
    deactivate_absent = forms.BooleanField(
        label=_("Deactivate members absent from this file"),
        help_text=_(
            "You will see who would be created, updated and deactivated, and confirm, before "
            "anything changes. Recruiters, admins and you are never deactivated this way."
        ),
        required=False,
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large (5 MB at most)."), code="size")
        return upload
