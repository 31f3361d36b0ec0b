"""The waves a send must take (D2): in network mode every targeted send goes by level,
highest first, the tenant's delay apart; in internal mode the recruiter chooses."""

from datetime import timedelta

from coopt.network.rules import network_rules_for
from coopt.tenants.models import Tenant


def network_wave_delay(*, tenant: Tenant) -> timedelta | None:
    """The delay between two waves that every send of a network tenant takes, as its rules
    say now; None in internal mode, where the send's own choice holds."""
    if tenant.mode != Tenant.Mode.NETWORK:
        return None
    return timedelta(hours=network_rules_for(tenant=tenant).wave_delay_hours)
