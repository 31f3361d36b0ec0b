"""One person added by hand and invited (M1, M5)."""

from django.db import transaction

from coopt.tenants.models import Tenant

from ..models import Membership
from ..services import member_create, member_invite
from .writing import Names


class MemberExists(Exception):
    def __init__(self, membership: Membership) -> None:
        super().__init__(membership.user.email)
        self.membership = membership


@transaction.atomic
def member_add_and_invite(
    *,
    tenant: Tenant,
    email: str,
    first_name: str,
    last_name: str,
    department_name: str = "",
    location_name: str = "",
    is_expert: bool = False,
    is_recruiter: bool = False,
    is_admin: bool = False,
) -> Membership:
    """Add one person to the tenant and e-mail them an invitation (M1, M5).

    Someone who is already a member (active or not) raises ``MemberExists``: an
    invitation never silently changes an existing member's roles.
    """
    email = email.strip().lower()
    existing = (
        Membership.objects.select_related("user")
        .filter(tenant=tenant, user__email__iexact=email)
        .first()
    )
    if existing is not None:
        raise MemberExists(existing)
    names = Names(tenant)
    membership = member_create(
        tenant=tenant,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        department=names.department(department_name.strip()),
        location=names.location(location_name.strip()),
        is_expert=is_expert,
        is_recruiter=is_recruiter,
        is_admin=is_admin,
    )
    member_invite(membership=membership)
    return membership
