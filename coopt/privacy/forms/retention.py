"""The retention periods an admin may set, within the legal bounds (Y2)."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.referrals.models import RetentionPolicy
from coopt.referrals.retention import POLICY_FIELDS, POOL_SHORTER_ERROR, Bounds, policy_bounds

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

DAYS_ERROR = _("Enter a number of days between %(min)s and %(max)s.")
MONTHS_ERROR = _("Enter a number of months between %(min)s and %(max)s.")
HELP = {
    "unconfirmed_days": _(
        "The referred person's data is deleted if they do not confirm their interest in time. "
        "Default: 30 days."
    ),
    "not_retained_months": _("Counted from the day the file is closed. Default: 3 months."),
    "talent_pool_months": _(
        "For candidates not retained who agreed to be considered for other jobs. "
        "Default: 24 months."
    ),
    "hired_months": _(
        "Leave empty to keep the file while you need it; export it before setting a period."
    ),
}


class BoundsValidator:
    def __init__(self, bounds: Bounds, message: "_StrPromise") -> None:
        self.bounds = bounds
        self.message = message

    def __call__(self, value: int | None) -> None:
        if value is not None and not self.bounds.minimum <= value <= self.bounds.maximum:
            raise ValidationError(
                self.message,
                code="out_of_bounds",
                params={"min": self.bounds.minimum, "max": self.bounds.maximum},
            )


class RetentionPolicyForm(forms.Form):
    unconfirmed_days = forms.IntegerField()
    not_retained_months = forms.IntegerField()
    talent_pool_months = forms.IntegerField()
    hired_months = forms.IntegerField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in POLICY_FIELDS:
            bounds = policy_bounds(name)
            field = self.fields[name]
            policy_field = RetentionPolicy._meta.get_field(name)
            assert isinstance(policy_field, models.Field)  # noqa: S101 - a plain column
            field.label = policy_field.verbose_name
            field.help_text = HELP[name]
            field.error_messages["required"] = _("Enter a number.")
            field.validators.append(
                BoundsValidator(bounds, DAYS_ERROR if name.endswith("_days") else MONTHS_ERROR)
            )
            field.widget.attrs.update({"min": bounds.minimum, "max": bounds.maximum})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pool, not_retained = data.get("talent_pool_months"), data.get("not_retained_months")
        if pool is not None and not_retained is not None and pool < not_retained:
            self.add_error("talent_pool_months", POOL_SHORTER_ERROR)
        return data
