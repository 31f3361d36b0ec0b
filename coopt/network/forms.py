from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from coopt.lib.http import EMAIL_MAX_LENGTH
from coopt.tenants.models import Tenant

from .models import MAX_QUALIFICATION_TARGET_HOURS, MAX_WAVE_DELAY_HOURS, CharterVersion


class SponsorForm(forms.Form):
    """A member invites someone into the network (N1)."""

    first_name = forms.CharField(label=_("Their first name"), max_length=150)
    email = forms.EmailField(label=_("Their e-mail"), max_length=EMAIL_MAX_LENGTH)
    language = forms.ChoiceField(label=_("Language of the invitation"))

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = tenant.language_choices()


class CharterAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read and accept the ethics charter and the terms above"), required=True
    )


class JoinForm(forms.Form):
    """Sign-up from a sponsor's link: name, password, current employer; interests come next,
    on the onboarding page every member goes through."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    employer_name = forms.CharField(label=_("Your current employer"), max_length=200)
    employer_domain = forms.CharField(
        label=_("Its e-mail domain (optional)"),
        max_length=253,
        required=False,
        help_text=_("For example example.com. Recommending a colleague pays a charity."),
    )
    password1 = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Repeat the password"), widget=forms.PasswordInput)

    def __init__(self, *args: Any, versions: list[CharterVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versions = versions
        if versions:
            self.fields["accept"] = forms.BooleanField(
                label=_("I have read and accept the ethics charter and the terms above"),
                required=True,
            )

    def clean_employer_domain(self) -> str:
        domain = str(self.cleaned_data.get("employer_domain", "")).strip().lower().lstrip("@")
        if domain and ("." not in domain or " " in domain or "@" in domain):
            raise forms.ValidationError(_("Enter a domain such as example.com."))
        return domain

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords differ."), code="mismatch")
        if first:
            password_validation.validate_password(str(first))
        return data


class CharterPublishForm(forms.Form):
    """A new version of the charter or the terms: a text per enabled language."""

    kind = forms.ChoiceField(label=_("Document"), choices=CharterVersion.Kind.choices)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = tenant.language_choices()
        for code, name in self.languages:
            self.fields[f"text_{code}"] = forms.CharField(
                label=name,
                required=code == tenant.default_language,
                widget=forms.Textarea(attrs={"rows": 6}),
                max_length=20000,
            )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{code}", "") for code, _name in self.languages}


WAVE_DELAY_ERROR = _("Give a number of hours from 1 to 168 (one week).")
QUALIFICATION_TARGET_ERROR = _("Give a number of hours from 1 to 720 (30 days).")


class NetworkRulesForm(forms.Form):
    """The tenant's network rules (N1, R2) and the delay between two waves of a send (D2)."""

    FOLLOW_MODE = "mode"
    ON = "on"
    OFF = "off"

    sponsorships_per_month = forms.IntegerField(
        label=_("Invitations a member may send per month"), min_value=0, max_value=100
    )
    one_candidate_per_job = forms.ChoiceField(
        label=_("One candidate per member per job"),
        choices=[
            (FOLLOW_MODE, _("As the mode says: on in network mode, off for employees")),
            (ON, _("On")),
            (OFF, _("Off")),
        ],
    )
    wave_delay_hours = forms.IntegerField(
        label=_("Hours between two waves"),
        min_value=1,
        max_value=MAX_WAVE_DELAY_HOURS,
        help_text=_(
            "Every job goes first to the experts whose profile matches, then to the confirmed "
            "members this many hours later, then to the beginners as long again after. "
            "From 1 to 168 hours (one week); it applies to the sends started after the change."
        ),
        error_messages={
            "required": WAVE_DELAY_ERROR,
            "invalid": WAVE_DELAY_ERROR,
            "min_value": WAVE_DELAY_ERROR,
            "max_value": WAVE_DELAY_ERROR,
        },
    )

    qualification_target_hours = forms.IntegerField(
        label=_("Hours within which a confirmed candidate is called"),
        min_value=1,
        max_value=MAX_QUALIFICATION_TARGET_HOURS,
        help_text=_(
            "The qualification queue marks the candidates who have waited longer since they "
            "confirmed their interest. From 1 to 720 hours (30 days)."
        ),
        error_messages={
            "required": QUALIFICATION_TARGET_ERROR,
            "invalid": QUALIFICATION_TARGET_ERROR,
            "min_value": QUALIFICATION_TARGET_ERROR,
            "max_value": QUALIFICATION_TARGET_ERROR,
        },
    )

    def __init__(self, *args: Any, network: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not network:  # waves by level and qualification are network mode's only
            del self.fields["wave_delay_hours"]
            del self.fields["qualification_target_hours"]

    def one_per_job(self) -> bool | None:
        chosen = self.cleaned_data["one_candidate_per_job"]
        return None if chosen == self.FOLLOW_MODE else chosen == self.ON
