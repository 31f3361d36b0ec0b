"""Recording audit events (Y4): who opened which candidate page or CV, exports, imports, role
changes, settings changes, sign-ins and refused accesses.

Every service that changes or reads what the log watches takes ``actor: Actor`` and calls
``audit_record`` inside its own transaction, with the change: the change and its record are
written together or not at all, whoever calls the service (a view, a task, the API). Views
never call this module. An event names what it was about as ``"<kind>:<id>"``
(``audit_target``) and keeps ids and counts in ``details``: never a name, an e-mail address,
a token or a CV.
"""

from typing import Any

from django.db import models

from .actors import Actor, ActorKind
from .models import AuditEvent

Action = AuditEvent.Action

# Why an access was refused (``details["reason"]``).
REFUSED_ROLE = "role"
REFUSED_NO_MEMBERSHIP = "no_membership"


def audit_target(obj: models.Model | None, kind: str = "") -> str:
    """``"<kind>:<id>"`` for a saved object; the kind defaults to its model's name."""
    if obj is None or obj.pk is None:
        return ""
    kind = kind or obj._meta.model_name or "object"
    return f"{kind}:{obj.pk}"[:64]


def audit_record(
    *,
    actor: Actor,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
    tenant_id: int | None = None,
) -> AuditEvent:
    """Write one audit event, in the caller's transaction.

    The event belongs to ``tenant_id``, by default the actor's tenant (the system acts on
    no tenant of its own: name the tenant). A member is stored as the event's actor; any
    other actor (the system, an API token, a visitor) is named in ``details["by"]``.
    ``target`` is ``"<kind>:<id>"`` and ``details`` holds ids and counts only.
    """
    details = dict(details or {})
    if actor.kind != ActorKind.MEMBER:
        details["by"] = actor.by
    return AuditEvent.objects.create(
        tenant_id=tenant_id if tenant_id is not None else actor.tenant_id,
        actor_id=actor.user_id if actor.kind == ActorKind.MEMBER else None,
        action=action,
        target=target[:64],
        ip_address=actor.ip_address,
        details=details,
    )


def record_access_refused(*, actor: Actor, reason: str, target: str) -> AuditEvent:
    """A refused access: a role without the right (403; ``REFUSED_ROLE``, the target is the
    view), or a signed-in account with no active membership here, signed out
    (``REFUSED_NO_MEMBERSHIP``, the target is the tenant). Nothing changed: no transaction
    to share."""
    return audit_record(
        actor=actor, action=Action.ACCESS_REFUSED, target=target, details={"reason": reason}
    )
