"""Requests as the middlewares leave them, typed (as healthchecks' ``hc/accounts/http.py``).

``TenantMiddleware`` sets ``tenant`` on every request to a tenant's host, and
``MembershipMiddleware`` sets ``membership`` (None for a visitor). A view behind
``member_required`` (or a stricter role) takes a ``MemberRequest``: the user is signed in and
holds an active membership here. Public pages of a tenant take a ``TenantRequest``. The
few paths served without a tenant (``TENANTLESS_PATHS``, the load balancer's probe) get
no ``tenant`` at all: their views take a plain ``HttpRequest``.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from coopt.tenants.models import Tenant

from .models import Membership, User


class TenantRequest(HttpRequest):
    tenant: Tenant
    membership: Membership | None
    user: User | AnonymousUser


class MemberRequest(TenantRequest):
    user: User
    membership: Membership
