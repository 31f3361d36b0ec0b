"""Level names and thresholds, set by the tenant's admin (G2)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant

from ..models import LevelSettings


class LevelSettingsError(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@transaction.atomic
def level_settings_update(
    *,
    tenant: Tenant,
    confirmed_threshold: int,
    expert_threshold: int,
    beginner_name: str = "",
    confirmed_name: str = "",
    expert_name: str = "",
) -> LevelSettings:
    """Names are display names (blank: the translated default); the thresholds must
    increase. Members' points do not change; their level is computed from them."""
    if confirmed_threshold <= 0 or expert_threshold <= confirmed_threshold:
        raise LevelSettingsError(
            _("Each level needs more points than the one before, and the second more than 0.")
        )
    settings, _created = LevelSettings.objects.select_for_update().get_or_create(tenant=tenant)
    settings.beginner_name = beginner_name.strip()
    settings.confirmed_name = confirmed_name.strip()
    settings.expert_name = expert_name.strip()
    settings.confirmed_threshold = confirmed_threshold
    settings.expert_threshold = expert_threshold
    settings.save()
    return settings
