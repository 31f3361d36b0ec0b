"""Reads of memberships for a request: the signed-in member's own, and an admin's list."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coopt.tenants.models import Tenant

from .models import Department, Membership, User

ROLE_FLAGS = ("member", "expert", "recruiter", "admin")


def active_membership(tenant: Tenant, user: User) -> Membership | None:
    """The user's active membership in this tenant, or None (a leaver, another tenant)."""
    return (
        Membership.objects.select_related("user", "department")
        .filter(tenant=tenant, user=user, is_active=True)
        .first()
    )


def access_member(member: Membership, member_id: int) -> Membership:
    """A membership of the admin's tenant, or 404: another tenant's people do not exist here."""
    if not member.is_admin:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("user", "tenant"),
        tenant_id=member.tenant_id,
        pk=member_id,
    )


def members_of(
    tenant: Tenant,
    *,
    query: str = "",
    department: Department | None = None,
    role: str = "",
    state: str = "",
) -> QuerySet[Membership]:
    """The tenant's people for the admin's list: every word of ``query`` in a name or e-mail,
    ``state`` "active" or "inactive", ``role`` one of ``ROLE_FLAGS``."""
    members = Membership.objects.filter(tenant=tenant).select_related(
        "user", "department", "location"
    )
    for word in query.split():
        members = members.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
        )
    if department is not None:
        members = members.filter(department=department)
    if role in ROLE_FLAGS:
        members = members.filter(**{f"is_{role}": True})
    if state == "active":
        members = members.filter(is_active=True)
    elif state == "inactive":
        members = members.filter(is_active=False)
    return members.order_by("user__last_name", "user__first_name", "user__email")


def member_count(tenant: Tenant) -> int:
    return Membership.objects.filter(tenant=tenant).count()


def department_names(tenant: Tenant) -> QuerySet[Department, str]:
    return Department.objects.filter(tenant=tenant).values_list("name", flat=True)
