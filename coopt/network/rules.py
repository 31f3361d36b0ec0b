"""The network's rules for a tenant, read by referrals (R2), sponsorship (N1) and diffusion's
waves (D2)."""

from dataclasses import dataclass

from django.db import transaction

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record
from coopt.tenants.models import Tenant

from .models import (
    DEFAULT_QUALIFICATION_TARGET_HOURS,
    DEFAULT_SPONSORSHIPS_PER_MONTH,
    DEFAULT_WAVE_DELAY_HOURS,
    NetworkSettings,
)


@dataclass(frozen=True)
class NetworkRules:
    sponsorships_per_month: int
    one_candidate_per_job: bool
    wave_delay_hours: int = DEFAULT_WAVE_DELAY_HOURS
    qualification_target_hours: int = DEFAULT_QUALIFICATION_TARGET_HOURS


def network_settings_for(*, tenant: Tenant) -> NetworkSettings | None:
    return NetworkSettings.objects.filter(tenant=tenant).first()


def network_rules_for(*, tenant: Tenant) -> NetworkRules:
    """The tenant's settings, or the defaults: one candidate per job is on in network mode
    and off in internal mode unless the tenant chose otherwise."""
    row = NetworkSettings.objects.filter(tenant=tenant).first()
    is_network = tenant.mode == Tenant.Mode.NETWORK
    if row is None:
        return NetworkRules(DEFAULT_SPONSORSHIPS_PER_MONTH, is_network)
    one_per_job = row.one_candidate_per_job
    return NetworkRules(
        row.sponsorships_per_month,
        is_network if one_per_job is None else one_per_job,
        row.wave_delay_hours,
        row.qualification_target_hours,
    )


@transaction.atomic
def network_settings_save(
    *,
    tenant: Tenant,
    sponsorships_per_month: int,
    one_candidate_per_job: bool | None,
    wave_delay_hours: int | None = None,
    qualification_target_hours: int | None = None,
    actor: Actor | None = None,
) -> NetworkSettings:
    """Save the tenant's network rules; ``one_candidate_per_job`` None follows the mode,
    ``wave_delay_hours`` and ``qualification_target_hours`` None keep the saved value (the
    default for a new row).
    An admin's change is recorded in the audit log with the fields that changed."""
    row = NetworkSettings.objects.filter(tenant=tenant).first() or NetworkSettings(tenant=tenant)
    if wave_delay_hours is None:
        wave_delay_hours = row.wave_delay_hours
    if qualification_target_hours is None:
        qualification_target_hours = row.qualification_target_hours
    changed = [
        name
        for name, value in (
            ("sponsorships_per_month", sponsorships_per_month),
            ("one_candidate_per_job", one_candidate_per_job),
            ("wave_delay_hours", wave_delay_hours),
            ("qualification_target_hours", qualification_target_hours),
        )
        if getattr(row, name) != value or row.pk is None
    ]
    row.sponsorships_per_month = sponsorships_per_month
    row.one_candidate_per_job = one_candidate_per_job
    row.wave_delay_hours = wave_delay_hours
    row.qualification_target_hours = qualification_target_hours
    row.full_clean(exclude=["tenant"])
    row.save()
    if actor is not None:
        audit_record(
            actor=actor,
            tenant_id=tenant.pk,
            action=Action.SETTINGS_CHANGED,
            details={"section": "network", "fields": changed},
        )
    return row
