from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import active_tags

from .models import Membership, User
from .services import MAX_INTERESTS, MIN_INTERESTS


class InterestChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Tag) -> str:
        return obj.label


class PreferencesForm(forms.Form):
    """Interests, language and notification preferences (M3, M4)."""

    locations = InterestChoiceField(
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Locations"),
    )
    families = InterestChoiceField(
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Job families"),
    )
    sectors = InterestChoiceField(
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sectors"),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    notify_targeted = forms.BooleanField(
        label=_("E-mail me jobs that match my interests"), required=False
    )
    digest_frequency = forms.ChoiceField(
        label=_("Job digest"), choices=Membership.DigestFrequency.choices
    )
    leaderboard_name_shown = forms.BooleanField(
        label=_("Show my name on leaderboards and contests"),
        help_text=_(
            "Off: other members see “Anonymous” in your place, with your rank and points. "
            "You always see your own rank."
        ),
        required=False,
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tags = active_tags(membership.tenant)
        for name, kind in (
            ("locations", Tag.Kind.LOCATION),
            ("families", Tag.Kind.FAMILY),
            ("sectors", Tag.Kind.SECTOR),
        ):
            cast(forms.ModelMultipleChoiceField, self.fields[name]).queryset = tags.filter(
                kind=kind
            )
        cast(
            forms.ChoiceField, self.fields["language"]
        ).choices = membership.tenant.language_choices()
        if membership.tenant.mode == membership.tenant.Mode.NETWORK:
            # Nobody appears by name in a network (N4): there is nothing to choose.
            del self.fields["leaderboard_name_shown"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        chosen = [*data.get("locations", []), *data.get("families", []), *data.get("sectors", [])]
        if not MIN_INTERESTS <= len(chosen) <= MAX_INTERESTS:
            raise forms.ValidationError(
                _("Choose %(min)s or %(max)s interests (you chose %(count)s).")
                % {"min": MIN_INTERESTS, "max": MAX_INTERESTS, "count": len(chosen)},
                code="interests",
            )
        data["interests"] = chosen
        return data


class InvitationForm(forms.Form):
    password1 = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Repeat the password"), widget=forms.PasswordInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords differ."), code="mismatch")
        if first:
            password_validation.validate_password(first, self.user)
        return data
