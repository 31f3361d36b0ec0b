"""Writes of client companies (N2): the operator's staff add and edit them, and invite
their recruiters."""

from typing import Any

from django.db import transaction

from coopt.accounts.importing import MemberExists, member_add_and_invite
from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.audit.services import audit_record
from coopt.tenants.models import Tenant

from .models import ClientCompany

CLIENT_FIELDS = (
    "name",
    "logo",
    "contact_name",
    "contact_email",
    "contact_phone",
    "is_confidential",
    "public_description",
)


@transaction.atomic
def client_save(
    *, tenant: Tenant, actor: Actor, client: ClientCompany | None = None, **fields: Any
) -> ClientCompany:
    """Create a client company of the network, or change one; the audit log says which."""
    unknown = set(fields) - set(CLIENT_FIELDS)
    if unknown:
        raise TypeError(f"not a client company field: {sorted(unknown)}")
    client = client or ClientCompany(tenant=tenant)
    for name, value in fields.items():
        setattr(client, name, value)
    client.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.SETTINGS_CHANGED,
        target=f"client:{client.pk}",
        details={"section": "client_company", "fields": sorted(fields)},
        tenant_id=tenant.pk,
    )
    return client


@transaction.atomic
def client_recruiter_invite(
    *, client: ClientCompany, actor: Actor, email: str, first_name: str = "", last_name: str = ""
) -> Membership:
    """Add a recruiter who works for the client company and e-mail them the invitation.

    Someone already in the network raises ``MemberExists``: an invitation never moves an
    existing member to a client company, nor changes their roles.
    """
    membership = member_add_and_invite(
        tenant=client.tenant,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_recruiter=True,
    )
    membership.client = client
    # Operator staff read everything; a client's recruiter is a member of the network only
    # for their company's jobs, not a coopteur.
    membership.is_member = False
    membership.save(update_fields=["client", "is_member"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ROLE_CHANGED,
        target=f"membership:{membership.pk}",
        details={"from": [], "to": ["recruiter"]},
        tenant_id=client.tenant_id,
    )
    return membership


__all__ = ["CLIENT_FIELDS", "MemberExists", "client_recruiter_invite", "client_save"]
