"""Keeping members in step with the company's HR system, one person at a time (M1, X5).

The REST API and any connector call these two services; the CSV import does the same for a
whole file (``importing``). A member is found by their ``external_id`` (their key in the
HR system) first, then by their e-mail address, normalised (trimmed, lower case).

Only what the CSV import knows is synchronised: names, department, location, manager and
employee id. Roles are never changed here: they are given in the back office.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from .importing import COLUMN_LABELS, MAX_LENGTHS, Names
from .models import Membership, User
from .services import member_create, member_invite, membership_deactivate

EXTERNAL_ID_MAX_LENGTH = Membership._meta.get_field("external_id").max_length or 128


class MemberSyncError(Exception):
    """The person cannot be synchronised; ``message`` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MemberSyncConflict(MemberSyncError):
    """The external id and the e-mail address designate two different people."""


class MemberNotFound(MemberSyncError):
    """No member of the tenant has this external id or e-mail address."""


def _normalised_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise MemberSyncError(_("Invalid e-mail address: %(email)s.") % {"email": email}) from None
    return email


def _check_lengths(values: dict[str, str | None]) -> None:
    limits = {**MAX_LENGTHS, "external_id": EXTERNAL_ID_MAX_LENGTH}
    for column, value in values.items():
        if value is not None and len(value) > limits[column]:
            raise MemberSyncError(
                _("The %(column)s is too long (%(max)s characters at most).")
                % {"column": COLUMN_LABELS.get(column, column), "max": limits[column]}
            )


def _by_external_id(tenant: Tenant, external_id: str) -> Membership | None:
    if not external_id:
        return None
    return (
        Membership.objects.select_related("user", "department", "location", "manager")
        .filter(tenant=tenant, external_id=external_id)
        .first()
    )


def _by_email(tenant: Tenant, email: str) -> Membership | None:
    return (
        Membership.objects.select_related("user", "department", "location", "manager")
        .filter(tenant=tenant, user__email__iexact=email)
        .first()
    )


def _find(tenant: Tenant, *, email: str, external_id: str) -> Membership | None:
    """The member these keys designate, or None; ``MemberSyncConflict`` if they disagree."""
    by_id = _by_external_id(tenant, external_id)
    by_email = _by_email(tenant, email)
    if by_id is not None:
        if by_email is not None and by_email.pk != by_id.pk:
            raise MemberSyncConflict(
                _(
                    "The external id %(external_id)s belongs to one member and the e-mail "
                    "address %(email)s to another."
                )
                % {"external_id": external_id, "email": email}
            )
        return by_id
    if by_email is not None and external_id and by_email.external_id:
        raise MemberSyncConflict(
            _(
                "The member with the e-mail address %(email)s already has another external "
                "id (%(current)s)."
            )
            % {"email": email, "current": by_email.external_id}
        )
    return by_email


def _manager(tenant: Tenant, email: str) -> Membership | None:
    if not email:
        return None
    manager = _by_email(tenant, _normalised_email(email))
    if manager is None:
        raise MemberSyncError(
            _("Unknown manager: %(email)s is not a member.") % {"email": email.strip().lower()}
        )
    return manager


def _shared(membership: Membership) -> bool:
    """A user who also belongs to another tenant: their account is not this tenant's to
    change (names, e-mail address)."""
    return (
        Membership.objects.filter(user_id=membership.user_id)
        .exclude(tenant_id=membership.tenant_id)
        .exists()
    )


def _change_email(membership: Membership, email: str) -> None:
    user: User = membership.user
    if _shared(membership):
        raise MemberSyncConflict(
            _(
                "The e-mail address of %(email)s cannot change here: this person also belongs "
                "to another company."
            )
            % {"email": user.email}
        )
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise MemberSyncConflict(
            _("The e-mail address %(email)s is already another person's.") % {"email": email}
        )
    user.email = email
    user.save(update_fields=["email"])


@transaction.atomic
def member_upsert(
    *,
    tenant: Tenant,
    email: str,
    external_id: str = "",
    first_name: str,
    last_name: str,
    department: str | None = None,
    location: str | None = None,
    manager_email: str | None = None,
    employee_id: str | None = None,
    invite: bool = True,
    actor: Actor,
) -> tuple[Membership, bool]:
    """Create the member these keys designate, or bring their details up to date; return
    the membership and whether it was created.

    ``department`` and ``location`` are names, created in the tenant on first use
    (case-insensitive, as the CSV import does); ``manager_email`` names a member of the
    tenant. For these and ``employee_id``, None leaves the value as it is and ``""`` clears
    it. A member found by e-mail with no external id yet takes the one given; a member found
    by external id whose e-mail address changed takes the new one, unless the account also
    belongs to another company or the address is someone else's. The names of a person who
    also belongs to another company are left as they are. Two keys that designate different
    people raise ``MemberSyncConflict``; bad values raise ``MemberSyncError``.

    A new member is created through ``member_create`` and, with ``invite``, e-mailed an
    invitation. A deactivated member is never reactivated here: their details are updated,
    they stay deactivated (``membership.is_active`` is False) until an admin reactivates them.

    A creation or a change is recorded in the audit log as an import of one member; a call
    that changes nothing records nothing.
    """
    email = _normalised_email(email)
    external_id = external_id.strip()
    first_name, last_name = first_name.strip(), last_name.strip()
    _check_lengths(
        {
            "email": email,
            "external_id": external_id,
            "first_name": first_name,
            "last_name": last_name,
            "department": department,
            "location": location,
            "manager": manager_email,
            "employee_id": employee_id,
        }
    )
    names = Names(tenant)
    membership = _find(tenant, email=email, external_id=external_id)
    manager = _manager(tenant, manager_email) if manager_email else None

    if membership is None:
        membership = member_create(
            tenant=tenant,
            email=email,
            first_name=first_name,
            last_name=last_name,
            department=names.department((department or "").strip()),
            location=names.location((location or "").strip()),
            manager=manager,
            employee_id=(employee_id or "").strip(),
        )
        if external_id:
            membership.external_id = external_id
            membership.save(update_fields=["external_id"])
        if invite:
            member_invite(membership=membership)
        audit_record(
            actor=actor,
            tenant_id=tenant.pk,
            action=Action.IMPORT,
            target=audit_target(membership),
            details={"what": "members", "created": 1, "invited": int(invite)},
        )
        return membership, True

    changed: list[str] = []
    if membership.user.email.lower() != email:
        _change_email(membership, email)
        changed.append("email")
    user: User = membership.user
    if (user.first_name, user.last_name) != (first_name, last_name) and not _shared(membership):
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
        changed.append("name")
    wanted: dict[str, object] = {}
    if external_id:
        wanted["external_id"] = external_id
    if department is not None:
        wanted["department"] = names.department(department.strip())
    if location is not None:
        wanted["location"] = names.location(location.strip())
    if manager_email is not None:
        if manager is not None and manager.pk == membership.pk:
            raise MemberSyncError(_("A member cannot be their own manager."))
        wanted["manager"] = manager
    if employee_id is not None:
        wanted["employee_id"] = employee_id.strip()
    fields = [name for name, value in wanted.items() if getattr(membership, name) != value]
    for name in fields:
        setattr(membership, name, wanted[name])
    if fields:
        membership.save(update_fields=fields)
    changed.extend(fields)
    if changed:
        audit_record(
            actor=actor,
            tenant_id=tenant.pk,
            action=Action.IMPORT,
            target=audit_target(membership),
            details={"what": "members", "updated": 1},
        )
    return membership, False


@transaction.atomic
def member_deactivate_by_key(
    *, tenant: Tenant, email: str = "", external_id: str = "", actor: Actor
) -> Membership:
    """Deactivate the member with this external id or, failing one, this e-mail address
    (a leaver, through ``membership_deactivate``: sessions closed, history kept, audited).

    Give one key. An unknown key raises ``MemberNotFound``; a member already deactivated is
    returned as they are, with nothing recorded; ``membership_deactivate`` refuses the actor
    themself (``MembershipChangeRefused``).
    """
    external_id = external_id.strip()
    if bool(external_id) == bool(email.strip()):
        raise ValueError("Give either an e-mail address or an external id.")
    if external_id:
        membership = _by_external_id(tenant, external_id)
        key = external_id
    else:
        key = email.strip().lower()
        membership = _by_email(tenant, key)
    if membership is None:
        raise MemberNotFound(_("No member has the key %(key)s.") % {"key": key})
    if not membership.is_active:
        return membership
    return membership_deactivate(membership=membership, actor=actor)
