"""Short sessions for the people who see candidates' personal data (Y6).

Recruiters and admins are signed out after ``COOPT_STAFF_SESSION_IDLE`` seconds
without a request and ``COOPT_STAFF_SESSION_MAX`` seconds after they signed in,
whatever they do. Members keep the normal session age (``SESSION_COOKIE_AGE``).
"""

import time
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .http import VisitorRequest

View = Callable[[HttpRequest], HttpResponse]

STARTED_KEY = "coopt_staff_session_started"
SEEN_KEY = "coopt_staff_session_seen"
# The last-seen time is written at most this often, to spare a session write
# on every request; an idle period is measured to within this many seconds.
SEEN_RESOLUTION = 60
# Requests a page makes by itself (htmx polling, by the id of the polling element)
# are not activity: a tab left open on a send's progress still times out.
POLLING_TRIGGERS = frozenset({"send-progress"})


def session_timer_start(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """At sign-in, the clock of the new session starts (``user_logged_in`` receiver,
    connected in AccountsConfig.ready)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = time.time()
        session[STARTED_KEY] = now
        session[SEEN_KEY] = now


def staff_session_expired(request: HttpRequest, now: float) -> bool:
    """Whether the staff session has run out; records the start and the last request
    (but not a polling request)."""
    session = request.session
    started = session.get(STARTED_KEY)
    seen = session.get(SEEN_KEY)
    if started is None or seen is None:
        session[STARTED_KEY] = now if started is None else started
        session[SEEN_KEY] = now
        return False
    if now - seen > settings.COOPT_STAFF_SESSION_IDLE:
        return True
    if now - started > settings.COOPT_STAFF_SESSION_MAX:
        return True
    if now - seen >= SEEN_RESOLUTION and not is_polling(request):
        session[SEEN_KEY] = now
    return False


def is_polling(request: HttpRequest) -> bool:
    return request.headers.get("HX-Trigger", "") in POLLING_TRIGGERS


class StaffSessionExpiryMiddleware:
    """Ends a recruiter's or admin's session when it is idle or old (after
    MembershipMiddleware, which sets ``request.membership``)."""

    def __init__(self, get_response: View) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = cast(VisitorRequest, request).membership
        if membership is not None and membership.is_staff_role:
            if staff_session_expired(request, time.time()):
                return self._sign_out(request)
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        cast(VisitorRequest, request).membership = None
        messages.info(request, _("Your session has ended. Please sign in again."))
        response: HttpResponse = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request"):
            # htmx would swap the sign-in page into a fragment: send the whole page there.
            location = response["Location"]
            response = HttpResponse(status=204)
            response["HX-Redirect"] = location
        return response
