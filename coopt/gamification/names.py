"""How a member appears on leaderboards, standings and announcements (G3).

Appearing by name is opt-in (``Membership.leaderboard_name_shown``, on the member's
preferences page, off by default): the others are ranked all the same, as "Anonymous", so
every rank stays true. In a network nobody is named (N4): referrers read nothing of other
referrers but their own sponsor line, and client companies read nothing of any.
"""

from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant


def public_name(member: Membership) -> object:
    """The member's name if they opted in, else "Anonymous" (rendered in the active language
    when turned into a string). Load ``user`` and ``tenant`` with the member
    (select_related)."""
    if member.leaderboard_name_shown and member.tenant.mode != Tenant.Mode.NETWORK:
        return member.display_name
    return _("Anonymous")


def names_shown(tenant: Tenant) -> bool:
    """Whether members may appear by name on the tenant's leaderboards at all."""
    return tenant.mode != Tenant.Mode.NETWORK
