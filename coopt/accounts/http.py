"""Requests as the middlewares leave them, typed (as healthchecks' ``hc/accounts/http.py``).

``TenantMiddleware`` sets ``tenant`` on every request to a tenant's host
(``coopt.tenants.http.TenantRequest``), and ``MembershipMiddleware`` sets ``membership``.
A public page of a tenant that reads who is visiting takes a ``VisitorRequest`` (membership
None for someone signed out). A view behind ``member_required`` (or a stricter role) takes a
``MemberRequest``: the user is signed in and holds an active membership here.
"""

from django.contrib.auth.models import AnonymousUser

from coopt.tenants.http import TenantRequest

from .models import Membership, User


class VisitorRequest(TenantRequest):
    membership: Membership | None
    user: User | AnonymousUser


class MemberRequest(VisitorRequest):
    user: User
    membership: Membership
