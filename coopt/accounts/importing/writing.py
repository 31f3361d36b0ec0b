"""Applying an import's plan: members updated and created, managers assigned, invitations,
the absent members deactivated, the import recorded."""

from django.db import transaction

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from ..models import Department, Membership, User
from ..services import member_invite, membership_deactivate
from .plan import (
    ImportPlanChanged,
    ImportReport,
    members_import_plan,
    memberships_by_email,
    shared_user_ids,
    users_by_email,
)
from .reading import CREATED, LOOKUP_BATCH, UPDATED, RowResult


class Names:
    """Departments and location tags by name, created on first use (case-insensitive)."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.departments = {d.name.lower(): d for d in Department.objects.filter(tenant=tenant)}
        self.locations = {
            t.name.lower(): t for t in Tag.objects.filter(tenant=tenant, kind=Tag.Kind.LOCATION)
        }

    def department(self, name: str) -> Department | None:
        if not name:
            return None
        if name.lower() not in self.departments:
            self.departments[name.lower()] = Department.objects.create(
                tenant=self.tenant, name=name
            )
        return self.departments[name.lower()]

    def location(self, name: str) -> Tag | None:
        if not name:
            return None
        if name.lower() not in self.locations:
            self.locations[name.lower()] = Tag.objects.create(
                tenant=self.tenant, kind=Tag.Kind.LOCATION, name=name
            )
        return self.locations[name.lower()]


def _update_members(tenant: Tenant, rows: list[RowResult], names: Names) -> list[Membership]:
    """Fill in what the file says; a blank cell never erases what is known."""
    memberships = [row.membership for row in rows if row.membership is not None]
    shared = shared_user_ids(tenant, memberships)
    renamed = []
    for row in rows:
        membership = row.membership
        assert membership is not None
        values = row.values
        if values["department"]:
            membership.department = names.department(values["department"])
        if values["location"]:
            membership.location = names.location(values["location"])
        if values["employee_id"]:
            membership.employee_id = values["employee_id"]
        if values["external_id"]:
            membership.external_id = values["external_id"]
        user: User = membership.user
        if membership.user_id not in shared and (
            user.first_name,
            user.last_name,
            user.email,
        ) != (values["first_name"], values["last_name"], row.email):
            # The plan refused a new address for a shared account or one already taken.
            user.first_name, user.last_name = values["first_name"], values["last_name"]
            user.email = row.email
            renamed.append(user)
    Membership.objects.bulk_update(
        memberships,
        ["department", "location", "employee_id", "external_id"],
        batch_size=LOOKUP_BATCH,
    )
    User.objects.bulk_update(renamed, ["first_name", "last_name", "email"], batch_size=LOOKUP_BATCH)
    return memberships


def _create_members(tenant: Tenant, rows: list[RowResult], names: Names) -> list[Membership]:
    """What ``member_create`` does for one person, in bulk: a 20,000-line file must
    fit in a web request. People known in another tenant keep their account."""
    users = users_by_email([row.email for row in rows])
    new_users = []
    for row in rows:
        if row.email not in users:
            user = User(
                email=row.email,
                first_name=row.values["first_name"],
                last_name=row.values["last_name"],
            )
            user.set_unusable_password()
            users[row.email] = user
            new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=LOOKUP_BATCH)
    memberships = [
        Membership(
            tenant=tenant,
            user=users[row.email],
            employee_id=row.values["employee_id"],
            external_id=row.values["external_id"],
            department=names.department(row.values["department"]),
            location=names.location(row.values["location"]),
        )
        for row in rows
    ]
    created = Membership.objects.bulk_create(memberships, batch_size=LOOKUP_BATCH)
    for row, membership in zip(rows, created, strict=True):
        row.membership = membership
    return created


@transaction.atomic
def members_import(
    *,
    tenant: Tenant,
    data: bytes,
    send_invitations: bool = False,
    deactivate_absent: bool = False,
    expected_digest: str = "",
    actor: Actor,
) -> ImportReport:
    """Create or update the members listed in a CSV file (M1); see the module docstring.

    With ``deactivate_absent``, deactivate the active members the file does not name (never
    staff nor the actor), each through ``membership_deactivate``. With ``expected_digest``
    (a plan's ``digest``), apply exactly that plan: if the members changed since, raise
    ``ImportPlanChanged`` with nothing changed.

    An import that went through is recorded in the audit log, with counts only, and each
    deactivation as the deactivation of that member.
    """
    report = members_import_plan(
        tenant=tenant, data=data, deactivate_absent=deactivate_absent, keep_user_id=actor.user_id
    )
    if expected_digest and report.digest != expected_digest:
        raise ImportPlanChanged
    names = Names(tenant)
    updated = _update_members(tenant, report.rows_with(UPDATED), names)
    created = _create_members(tenant, report.rows_with(CREATED), names)
    by_email = {m.user.email: m for m in (*updated, *created)}
    _assign_managers(tenant, [*report.rows_with(UPDATED), *report.rows_with(CREATED)], by_email)
    if send_invitations:
        for membership in created:
            member_invite(membership=membership)
        report.invited = len(created)
    for membership in report.deactivations:
        membership_deactivate(membership=membership, actor=actor)
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.IMPORT,
        target=audit_target(tenant),
        details={
            "what": "members",
            "created": report.created,
            "updated": report.updated,
            "rejected": report.rejected,
            "invited": report.invited,
            "deactivated": report.deactivated,
        },
    )
    return report


def _assign_managers(
    tenant: Tenant, rows: list[RowResult], by_email: dict[str, Membership]
) -> None:
    wanted = {row.values["manager"] for row in rows if row.values["manager"]}
    managers = {**memberships_by_email(tenant, wanted - set(by_email)), **by_email}
    changed = []
    for row in rows:
        manager_email = row.values["manager"]
        if manager_email:
            membership = by_email[row.email]
            membership.manager = managers[manager_email]
            changed.append(membership)
    Membership.objects.bulk_update(changed, ["manager"], batch_size=LOOKUP_BATCH)
