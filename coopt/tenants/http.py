"""The request of a tenant's host, as ``TenantMiddleware`` leaves it (typed).

Every request to a tenant's host carries ``tenant``; ``coopt.accounts.http`` adds what
``MembershipMiddleware`` sets (the visitor's membership, or None). The few paths served
without a tenant (``TENANTLESS_PATHS``) get no ``tenant``: their views take a plain
``HttpRequest``.
"""

from django.http import HttpRequest

from .models import Tenant


class TenantRequest(HttpRequest):
    tenant: Tenant
