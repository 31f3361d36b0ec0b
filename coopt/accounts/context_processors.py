from django.http import HttpRequest

from .access import membership_for


def membership(request: HttpRequest) -> dict[str, object]:
    # A plain HttpRequest: the unknown-host page is drawn before MembershipMiddleware runs.
    current = membership_for(request)
    unread = 0
    if current is not None:
        from coopt.notifications.selectors import unread_count

        unread = unread_count(membership=current)
    return {"membership": current, "unread_notifications": unread}
