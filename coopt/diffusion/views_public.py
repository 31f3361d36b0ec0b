"""One-click unsubscribe (RFC 8058): no sign-in, the signed token is the key."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from coopt.accounts.models import Membership

from .unsubscribe import InvalidToken, member_id_from_token


@csrf_exempt  # mail clients POST "List-Unsubscribe=One-Click" with no cookie or token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    tenant = request.tenant  # type: ignore[attr-defined]
    try:
        member_id = member_id_from_token(token=token, tenant_id=tenant.pk)
    except InvalidToken:
        raise Http404 from None
    member = Membership.objects.filter(pk=member_id, tenant=tenant).first()
    if member is None:
        raise Http404
    done = False
    if request.method == "POST":
        Membership.objects.filter(pk=member.pk).update(
            notify_targeted=False, digest_frequency=Membership.DigestFrequency.NEVER
        )
        done = True
    return render(request, "diffusion/unsubscribe.html", {"done": done, "token": token})
