"""Which language we write to someone in: a member, a referred person, a visitor.

Every e-mail, notification and page written for one reader asks ``reader_language``.
"""

from typing import Protocol

from coopt.tenants.models import Tenant

# Outside any company's site (an e-mail with no tenant) and nothing chosen.
NO_TENANT_LANGUAGE = "en"


class InTenant(Protocol):
    """A member, a referral, a person's data: anything that belongs to a company."""

    @property
    def tenant(self) -> Tenant: ...


def reader_language(chosen: str | None, tenant: Tenant | InTenant | None) -> str:
    """The language the reader chose, else their company's.

    ``chosen``: a member's ``user.language``, the language a referred person was
    recommended or applied in (``Referral.language``), the page the visitor reads; empty
    when they chose none. ``tenant``: the company, or what belongs to it (a member, a
    referral), only read when nothing was chosen: a member's tenant costs a query when it
    is not loaded.
    """
    if chosen:
        return chosen
    if tenant is None:
        return NO_TENANT_LANGUAGE
    if not isinstance(tenant, Tenant):
        tenant = tenant.tenant
    return tenant.default_language
