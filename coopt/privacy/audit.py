"""The audit log (Y4): who opened which candidate page or CV, exports, imports, role
changes, settings changes, sign-ins and refused accesses.

Events are recorded where they happen with ``audit_record``; sign-ins and failed
sign-ins come from Django's auth signals (connected in ``PrivacyConfig.ready``).
An event names what it was about as ``"<kind>:<id>"`` (``audit_target``) and keeps
ids and counts in ``details``: never a name, an e-mail address, a token or a CV.
"""

import ipaddress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from coopt.accounts.models import Membership, User
from coopt.tenants.models import Tenant

from .models import AuditEvent

Action = AuditEvent.Action


def audit_target(obj: models.Model | None, kind: str = "") -> str:
    """``"<kind>:<id>"`` for a saved object; the kind defaults to its model's name."""
    if obj is None or obj.pk is None:
        return ""
    kind = kind or obj._meta.model_name or "object"
    return f"{kind}:{obj.pk}"[:64]


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from (REMOTE_ADDR), or None if it is not an IP address."""
    if request is None:
        return None
    address = str(request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


@transaction.atomic
def audit_record(
    *,
    request: HttpRequest | None = None,
    tenant: Tenant | None = None,
    actor: User | None = None,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event.

    ``tenant`` and ``actor`` default to the request's tenant and signed-in user; the IP
    address is the request's. ``target`` is ``"<kind>:<id>"`` and ``details`` holds ids
    and counts only.
    """
    if request is not None:
        if tenant is None:
            tenant = getattr(request, "tenant", None)
        if actor is None:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                actor = user
    return AuditEvent.objects.create(
        tenant=tenant,
        actor=actor,
        action=action,
        target=target[:64],
        ip_address=client_ip(request),
        details=details or {},
    )


def record_access_refused(*, request: HttpRequest, reason: str = "role") -> AuditEvent:
    """A refused access: a role without the right (403; the target is the view), or a
    signed-in account with no active membership here, signed out (the target is the tenant)."""
    if reason == "role":
        match = getattr(request, "resolver_match", None)
        target = f"view:{match.view_name}" if match is not None else ""
    else:
        target = audit_target(getattr(request, "tenant", None))
    return audit_record(
        request=request, action=Action.ACCESS_REFUSED, target=target, details={"reason": reason}
    )


# Sign-ins (signal receivers) ----------------------------------------------------------------


def record_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """``user_logged_in``: a sign-in on a tenant's site (not a test's ``force_login``)."""
    if request is None or getattr(request, "tenant", None) is None:
        return
    audit_record(request=request, actor=user, action=Action.SIGNED_IN, target=audit_target(user))


def record_sign_in_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """``user_login_failed``: wrong credentials on a tenant's site.

    The actor is the account someone tried to enter when it belongs to this tenant; the
    address typed is never stored (it may be a stranger's, or a password typed in the
    wrong field).
    """
    tenant = getattr(request, "tenant", None) if request is not None else None
    if tenant is None:
        return
    login = str(credentials.get("email") or credentials.get("username") or "").strip()
    account = None
    if login:
        account = User.objects.filter(email__iexact=login, memberships__tenant=tenant).first()
    audit_record(
        request=request,
        tenant=tenant,
        actor=account,
        action=Action.SIGN_IN_FAILED,
        target=audit_target(account),
    )


# Reading the log ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""  # part of a member's e-mail address
    date_from: date | None = None
    date_to: date | None = None

    def summary(self) -> dict[str, Any]:
        """What an export was filtered on, for its own audit event: no e-mail search text."""
        return {
            "action": self.action,
            "actor_search": bool(self.actor),
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(*, tenant: Tenant, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """This tenant's events, newest first, narrowed by ``filters`` (dates are inclusive,
    in the site's time zone; the actor search looks among the tenant's members only)."""
    filters = filters or AuditFilters()
    events = AuditEvent.objects.filter(tenant=tenant)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor.strip():
        members = Membership.objects.filter(
            tenant=tenant, user__email__icontains=filters.actor.strip()
        )
        events = events.filter(actor__in=members.values("user_id"))
    if filters.date_from:
        events = events.filter(created_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(created_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return events.order_by("-created_at", "-id")


def actor_members(*, tenant: Tenant, events: list[AuditEvent]) -> dict[int, Membership]:
    """The tenant memberships of the events' actors, by user id (one query).

    An actor with no membership here (another tenant's account that tried to come in)
    is shown by number only: this tenant's admin does not learn who they are.
    """
    user_ids = {event.actor_id for event in events if event.actor_id is not None}
    if not user_ids:
        return {}
    memberships = Membership.objects.filter(tenant=tenant, user_id__in=user_ids).select_related(
        "user"
    )
    return {m.user_id: m for m in memberships}
