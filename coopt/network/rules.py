"""The network's rules for a tenant, read by referrals (R2) and sponsorship (N1)."""

from dataclasses import dataclass

from coopt.tenants.models import Tenant

from .models import DEFAULT_SPONSORSHIPS_PER_MONTH, NetworkSettings


@dataclass(frozen=True)
class NetworkRules:
    sponsorships_per_month: int
    one_candidate_per_job: bool


def network_rules_for(*, tenant: Tenant) -> NetworkRules:
    """The tenant's settings, or the defaults: one candidate per job is on in network mode
    and off in internal mode unless the tenant chose otherwise."""
    row = NetworkSettings.objects.filter(tenant=tenant).first()
    is_network = tenant.mode == Tenant.Mode.NETWORK
    if row is None:
        return NetworkRules(DEFAULT_SPONSORSHIPS_PER_MONTH, is_network)
    one_per_job = row.one_candidate_per_job
    return NetworkRules(
        row.sponsorships_per_month, is_network if one_per_job is None else one_per_job
    )


def network_settings_save(
    *, tenant: Tenant, sponsorships_per_month: int, one_candidate_per_job: bool | None
) -> NetworkSettings:
    row, _created = NetworkSettings.objects.update_or_create(
        tenant=tenant,
        defaults={
            "sponsorships_per_month": sponsorships_per_month,
            "one_candidate_per_job": one_candidate_per_job,
        },
    )
    return row
