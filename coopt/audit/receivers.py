"""Sign-ins and failed sign-ins (Django's auth signals), connected in ``AuditConfig.ready``."""

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from .actors import Actor, ActorKind, client_ip
from .services import Action, audit_record, audit_target


def record_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: a sign-in on a tenant's site (not a test's ``force_login``)."""
    tenant = getattr(request, "tenant", None) if request is not None else None
    if request is None or tenant is None:
        return
    actor = Actor(
        kind=ActorKind.MEMBER, user_id=user.pk, tenant_id=tenant.pk, ip_address=client_ip(request)
    )
    audit_record(actor=actor, action=Action.SIGNED_IN, target=audit_target(user))


def record_sign_in_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """``user_login_failed``: wrong credentials on a tenant's site.

    The event is recorded against the account someone tried to enter when it belongs to
    this tenant; the address typed is never stored (it may be a stranger's, or a password
    typed in the wrong field).
    """
    tenant = getattr(request, "tenant", None) if request is not None else None
    if request is None or tenant is None:
        return
    login = str(credentials.get("email") or credentials.get("username") or "").strip()
    account = None
    if login:
        # The user model through Django's setting; "memberships" is its relation to tenants.
        account = (
            get_user_model()
            ._default_manager.filter(email__iexact=login, memberships__tenant=tenant)
            .first()
        )
    if account is not None:
        actor = Actor(
            kind=ActorKind.MEMBER,
            user_id=account.pk,
            tenant_id=tenant.pk,
            ip_address=client_ip(request),
        )
    else:
        actor = Actor.visitor(tenant_id=tenant.pk, ip_address=client_ip(request))
    audit_record(actor=actor, action=Action.SIGN_IN_FAILED, target=audit_target(account))
