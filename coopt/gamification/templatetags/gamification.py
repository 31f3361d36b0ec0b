from django import template

from coopt.accounts.models import Membership

from ..selectors.contests import contests_running
from ..selectors.points import member_summary

register = template.Library()

DASHBOARD_CONTESTS = 3


@register.simple_tag
def gamification_summary(membership: Membership | None) -> dict | None:
    """What the member dashboard shows: points, level, badges, running contests."""
    if not isinstance(membership, Membership):  # missing from the context: nothing to show
        return None
    return {
        "summary": member_summary(member=membership),
        "contests": list(contests_running(tenant=membership.tenant)[:DASHBOARD_CONTESTS]),
    }
