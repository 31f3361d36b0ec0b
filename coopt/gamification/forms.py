from typing import Any, cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import active_tags
from coopt.tenants.models import Tenant

from .models import (
    DEFAULT_POINTS,
    MAX_VISIT_DAYS_PER_MONTH,
    NETWORK_ACTIONS,
    Action,
    Contest,
    LevelSettings,
    PointSettings,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_POINTS = 100_000


class PointTableForm(forms.Form):
    """One number per action."""

    VISIT_DAYS = "visit_days_per_month"

    def __init__(
        self,
        *args: Any,
        values: dict[str, int],
        settings: PointSettings,
        network: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for action in Action:
            if action not in DEFAULT_POINTS:
                continue  # not in the table: a reward's points come from its rule
            if action in NETWORK_ACTIONS and not network:
                continue
            self.fields[action.value] = forms.IntegerField(
                label=action.label,
                min_value=0,
                max_value=MAX_POINTS,
                initial=values.get(action.value, 0),
            )
        field = cast(models.Field, PointSettings._meta.get_field(self.VISIT_DAYS))
        self.fields[self.VISIT_DAYS] = forms.IntegerField(
            label=field.verbose_name,
            help_text=field.help_text,
            min_value=0,
            max_value=MAX_VISIT_DAYS_PER_MONTH,
            initial=settings.visit_days_per_month,
        )


class LevelSettingsForm(forms.ModelForm):
    class Meta:
        model = LevelSettings
        fields = [
            "beginner_name",
            "confirmed_name",
            "confirmed_threshold",
            "expert_name",
            "expert_threshold",
        ]
        help_texts = {
            "beginner_name": _("Leave empty for the default name, translated for each member."),
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        confirmed, expert = data.get("confirmed_threshold"), data.get("expert_threshold")
        if confirmed is not None and confirmed <= 0:
            self.add_error("confirmed_threshold", _("Enter a number above 0."))
        elif confirmed is not None and expert is not None and expert <= confirmed:
            self.add_error(
                "expert_threshold", _("The third level needs more points than the second.")
            )
        return data


def _datetime_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class ContestForm(forms.ModelForm):
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))

    class Meta:
        model = Contest
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "criterion",
            "job_family",
            "prize",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "criterion": _("Members are ranked by how many of these they get during the contest."),
            "job_family": _("Leave empty to count referrals for every job."),
            "prize": _("For example: “A weekend for two”."),
        }

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        family = cast(forms.ModelChoiceField, self.fields["job_family"])
        family.queryset = active_tags(tenant, Tag.Kind.FAMILY)
        family.empty_label = _("All jobs")

    def clean(self) -> dict:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        elif ends and self.instance.pk is None and ends <= timezone.now():
            self.add_error("ends_at", _("The end must be in the future."))
        return data
