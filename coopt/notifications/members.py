"""A member as the notifications app sees one.

``accounts.Membership`` sits above this app (docs/architecture.md): notifications name
their recipient through this protocol and store it by key, never importing accounts.
"""

from typing import Any, Protocol

from coopt.tenants.models import Tenant


class Person(Protocol):
    @property
    def language(self) -> str: ...


class Member(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def tenant_id(self) -> int: ...

    @property
    def tenant(self) -> Tenant: ...

    @property
    def user(self) -> Person: ...

    @property
    def is_admin(self) -> bool: ...
