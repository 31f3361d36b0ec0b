"""Who may use the operator console: the operator's staff, signed in with two factors.

The console exists only on ``COOPT_OPERATOR_HOST`` (its URLconf is served there alone), so a
tenant's member never reaches these checks. A view behind ``operator_required`` takes an
``OperatorRequest``.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

from coopt.accounts.models import User
from coopt.accounts.sessions import staff_session_expired


class OperatorRequest(HttpRequest):
    user: User


def has_totp(user: User) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def operator_required[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Signed in, staff (``is_staff``) and with TOTP set up; else sign-in, 403, or TOTP setup.
    An idle or old session ends as a company's staff's does (``COOPT_STAFF_SESSION_*``).

    A staff member without an authenticator app is sent to set one up before seeing anything.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        # The same short sessions as a company's recruiters and admins (Y6).
        if staff_session_expired(request, time.time()):
            logout(request)
            return redirect_to_login(request.get_full_path())
        if not has_totp(user):
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
