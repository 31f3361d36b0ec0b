"""Level names and thresholds, set by the tenant's admin (G2)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from ..models import LevelSettings

LEVEL_FIELDS = (
    "beginner_name",
    "confirmed_name",
    "confirmed_threshold",
    "expert_name",
    "expert_threshold",
)


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
    actor: Actor,
) -> LevelSettings:
    """Names are display names (blank: the translated default); the thresholds must
    increase. Members' points do not change; their level is computed from them. Recorded
    in the audit log, with the fields changed."""
    if confirmed_threshold <= 0 or expert_threshold <= confirmed_threshold:
        raise LevelSettingsError(
            _("Each level needs more points than the one before, and the second more than 0.")
        )
    settings, _created = LevelSettings.objects.select_for_update().get_or_create(tenant=tenant)
    before = {name: getattr(settings, name) for name in LEVEL_FIELDS}
    settings.beginner_name = beginner_name.strip()
    settings.confirmed_name = confirmed_name.strip()
    settings.expert_name = expert_name.strip()
    settings.confirmed_threshold = confirmed_threshold
    settings.expert_threshold = expert_threshold
    settings.save()
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.SETTINGS_CHANGED,
        target=audit_target(tenant),
        details={
            "section": "levels",
            "fields": sorted(
                name for name in LEVEL_FIELDS if getattr(settings, name) != before[name]
            ),
        },
    )
    return settings
