"""How a member appears on leaderboards, standings and announcements (G3).

Appearing by name is opt-in (``Membership.leaderboard_name_shown``, on the member's
preferences page, off by default): the others are ranked all the same, as "Anonymous", so
every rank stays true.
"""

from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership


def public_name(member: Membership) -> object:
    """The member's name if they opted in, else "Anonymous" (rendered in the active language
    when turned into a string). Load ``user`` with the member (select_related)."""
    if member.leaderboard_name_shown:
        return member.display_name
    return _("Anonymous")
