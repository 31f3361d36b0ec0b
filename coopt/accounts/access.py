"""Role checks used by views: the request's membership in the request's tenant.

A view behind one of these decorators takes a ``MemberRequest`` (``coopt/accounts/http.py``):
the user is signed in and ``request.membership`` is set.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from coopt.audit.actors import Actor
from coopt.audit.services import REFUSED_ROLE, record_access_refused

from .models import Membership


def membership_for(request: HttpRequest) -> Membership | None:
    return getattr(request, "membership", None)


def role_required[V: Callable[..., HttpResponseBase]](*roles: str) -> Callable[[V], V]:
    """Allow the view to members holding any of ``roles`` in this tenant; 403 otherwise."""

    def decorator(view: V) -> V:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            membership = membership_for(request)
            if membership is None or not any(getattr(membership, f"is_{r}") for r in roles):
                match = request.resolver_match
                record_access_refused(
                    actor=Actor.from_request(request),
                    reason=REFUSED_ROLE,
                    target=f"view:{match.view_name}" if match is not None else "",
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(V, wrapper)

    return decorator


member_required = role_required("member", "expert", "recruiter", "admin")
recruiter_required = role_required("recruiter", "admin")
admin_required = role_required("admin")
# Pages of the company's (or the network operator's) own staff, closed to a client
# company's recruiters (N2): templates, diffusion, rewards.
in_house_recruiter_required = role_required("in_house_recruiter")
