"""Who acted, as every service that records an audit event is told (``actor: Actor``).

A member on a tenant's site (their account and the tenant), an API token, the system (a
Celery task, a management command), a referred person or candidate on their own data page
(through their link), or someone else not signed in (a failed sign-in). Views build it from
the request with ``Actor.from_request``; tasks and commands pass ``Actor.system("<what>")``.

``accounts.Membership`` sits above this app (docs/architecture.md): a member is read through
the ``Member`` protocol, never imported.
"""

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, Self

from django.http import HttpRequest


class Member(Protocol):
    """A membership as the audit log sees one: an account in a tenant."""

    @property
    def user_id(self) -> int: ...

    @property
    def tenant_id(self) -> int: ...


class ActorKind(StrEnum):
    MEMBER = "member"
    API_TOKEN = "api_token"  # noqa: S105 - a kind of actor, not a secret
    SYSTEM = "system"
    VISITOR = "visitor"
    # A referred person or candidate on their own data page, through the link e-mailed to them.
    CANDIDATE = "candidate"


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from (REMOTE_ADDR), or None if it is not an IP address."""
    address = str(request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


@dataclass(frozen=True, kw_only=True)
class Actor:
    """Who acted. Build one with the class methods, not the constructor."""

    kind: ActorKind
    # The account: a member's, or for a failed sign-in the account someone tried to enter.
    user_id: int | None = None
    tenant_id: int | None = None
    token_id: int | None = None
    # What the system was doing: the task or command ("purge", "seed_demo").
    name: str = ""
    ip_address: str | None = None

    @classmethod
    def member(cls, member: Member, *, ip_address: str | None = None) -> Self:
        return cls(
            kind=ActorKind.MEMBER,
            user_id=member.user_id,
            tenant_id=member.tenant_id,
            ip_address=ip_address,
        )

    @classmethod
    def api_token(cls, *, token_id: int, tenant_id: int, ip_address: str | None = None) -> Self:
        return cls(
            kind=ActorKind.API_TOKEN, token_id=token_id, tenant_id=tenant_id, ip_address=ip_address
        )

    @classmethod
    def system(cls, name: str = "") -> Self:
        """A Celery task or a management command: no account, no tenant, no address."""
        return cls(kind=ActorKind.SYSTEM, name=name)

    @classmethod
    def visitor(cls, *, tenant_id: int | None, ip_address: str | None = None) -> Self:
        """Someone not signed in on a tenant's site."""
        return cls(kind=ActorKind.VISITOR, tenant_id=tenant_id, ip_address=ip_address)

    @classmethod
    def candidate(cls, *, tenant_id: int) -> Self:
        """The person the data is about, acting through their own link. Neither their
        address nor their IP is kept: the event outlives the erasure of their data. The log
        names them through the event's target (their request)."""
        return cls(kind=ActorKind.CANDIDATE, tenant_id=tenant_id)

    @classmethod
    def from_request(cls, request: HttpRequest) -> Self:
        """The signed-in account on the request's tenant, or a visitor; with the address.

        The account is taken as it is signed in: on a tenant's site it is one of the
        tenant's members, except for an account of another tenant on its way out
        (``MembershipMiddleware`` records that refusal, then signs it out).
        """
        tenant = getattr(request, "tenant", None)
        tenant_id = tenant.pk if tenant is not None else None
        ip_address = client_ip(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return cls(
                kind=ActorKind.MEMBER, user_id=user.pk, tenant_id=tenant_id, ip_address=ip_address
            )
        return cls.visitor(tenant_id=tenant_id, ip_address=ip_address)

    def is_user(self, user_id: int) -> bool:
        """Whether this is that account acting (an admin on their own membership)."""
        return self.kind == ActorKind.MEMBER and self.user_id == user_id

    @property
    def by(self) -> str:
        """Who acted, for an event with no account: ``system:purge``, ``api_token:7``."""
        if self.kind == ActorKind.API_TOKEN:
            return f"api_token:{self.token_id}"
        if self.kind == ActorKind.SYSTEM and self.name:
            return f"system:{self.name}"
        return str(self.kind)
