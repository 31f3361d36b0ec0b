"""How a member appears on leaderboards, standings and announcements (privacy option)."""

from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.notifications.messages import Deferred

from .models import MemberScore


def display_of(member: Membership) -> str:
    try:
        return member.score.leaderboard_display
    except MemberScore.DoesNotExist:
        return MemberScore.Display.NAME


def public_name(member: Membership) -> object:
    """The member's name, "A member of <department>" or "Anonymous", as they chose.

    The result renders in the active language when turned into a string. Load
    ``user``, ``department`` and ``score`` with the member (select_related).
    """
    display = display_of(member)
    if display == MemberScore.Display.NAME:
        return member.display_name
    if display == MemberScore.Display.DEPARTMENT and member.department is not None:
        return Deferred(_("A member of %(department)s"), department=member.department.name)
    return _("Anonymous")
