"""One-click unsubscribe (D3, RFC 8058): no sign-in, the signed token is the key.

GET only shows the page and its one button: link scanners and mail previews open
links, and must not unsubscribe anyone. POST, from the button or from a mail client's
``List-Unsubscribe=One-Click``, takes effect at once: no more targeted e-mails and no
more digests. A tampered token, or one made for another tenant, is a 404.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from coopt.accounts.http import VisitorRequest
from coopt.accounts.models import Membership
from coopt.notifications.language import reader_language
from coopt.tenants.models import Tenant

from ..selectors import access_member
from ..unsubscribe import is_unsubscribed, member_unsubscribe


# Mail clients POST with no cookie and no CSRF token; the signed token stands in for
# both. No rate limit either: a mail provider's one-click POSTs for many of its users
# come from the same few addresses, and a token cannot be guessed.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: VisitorRequest, token: str) -> HttpResponse:
    tenant = request.tenant
    member = access_member(tenant, token)
    _speak_their_language(request, member, tenant=tenant)
    done = request.method == "POST"
    if done:
        member_unsubscribe(member=member)
    already = is_unsubscribed(member)
    response = render(
        request,
        "diffusion/unsubscribe.html",
        {"done": done, "already": already and not done, "token": token},
    )
    # The link is a key: never passed on to another site, never indexed.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _speak_their_language(request: VisitorRequest, member: Membership, *, tenant: Tenant) -> None:
    """The language the e-mails were written in, unless the visitor chose one on the site
    (the language cookie) or is signed in (their own language is already active)."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or request.membership is not None:
        return
    language = reader_language(member.user.language, tenant)
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language
