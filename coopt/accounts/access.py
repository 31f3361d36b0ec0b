"""Role checks used by views: the request's membership in the request's tenant."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Membership

View = Callable[..., HttpResponse]


def membership_for(request: HttpRequest) -> Membership | None:
    return getattr(request, "membership", None)


def role_required(*roles: str) -> Callable[[View], View]:
    """Allow the view to members holding any of ``roles`` in this tenant; 403 otherwise."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_for(request)
            if membership is None or not any(getattr(membership, f"is_{r}") for r in roles):
                from coopt.privacy.audit import record_access_refused

                record_access_refused(request=request)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


member_required = role_required("member", "expert", "recruiter", "admin")
recruiter_required = role_required("recruiter", "admin")
admin_required = role_required("admin")
