"""The back office's API token pages (X1), for admins: list, create (the secret shown
once), revoke. /office/api/tokens/…"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor

from .forms import TokenForm
from .selectors import access_api_token, tokens_of
from .services import token_create, token_revoke


@admin_required
@require_GET
def token_list(request: MemberRequest) -> HttpResponse:
    return render(request, "api/tokens.html", {"tokens": tokens_of(request.tenant)})


@admin_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_new(request: MemberRequest) -> HttpResponse:
    """The form; once the token is created, the page that shows its secret, this once."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = token_create(
            tenant=request.tenant,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at(),
            created_by=request.membership,
            actor=Actor.from_request(request),
        )
        response = render(
            request,
            "api/token_created.html",
            {"token": created.token, "secret": created.secret},
            status=201,
        )
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "api/token_form.html", {"form": form}, status=status)


@admin_required
@require_http_methods(["GET", "POST"])
def token_revoke_view(request: MemberRequest, token_id: int) -> HttpResponse:
    """A confirmation page; revoking takes effect on the next request the token makes."""
    token = access_api_token(request.membership, token_id)
    if request.method == "POST":
        token_revoke(token=token, actor=Actor.from_request(request))
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"token": token})
