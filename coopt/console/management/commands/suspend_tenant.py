"""Suspend a tenant by its subdomain (audited, as in the console)."""

from coopt.console.services import tenant_suspend

from ..tenant_switch import TenantSwitchCommand


class Command(TenantSwitchCommand):
    help = "Suspend a tenant, given its subdomain."
    service = tenant_suspend
    done = "suspended"
