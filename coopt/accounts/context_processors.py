from django.http import HttpRequest


def membership(request: HttpRequest) -> dict[str, object]:
    current = getattr(request, "membership", None)
    unread = 0
    if current is not None:
        from coopt.notifications.selectors import unread_count

        unread = unread_count(membership=current)
    return {"membership": current, "unread_notifications": unread}
