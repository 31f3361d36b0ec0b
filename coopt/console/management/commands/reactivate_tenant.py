"""Reactivate a tenant by its subdomain (audited, as in the console)."""

from coopt.console.services import tenant_reactivate

from ..tenant_switch import TenantSwitchCommand


class Command(TenantSwitchCommand):
    help = "Reactivate a tenant, given its subdomain."
    service = tenant_reactivate
    done = "reactivated"
