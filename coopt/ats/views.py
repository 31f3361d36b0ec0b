"""The admin's ATS page, under /office/ats/: settings, test, sync, the candidates sent."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor

from .forms import ConnectionForm
from .models import AtsConnection
from .selectors import LINKS_SHOWN, access_candidate_link, connection_of, links_of
from .services import connection_save, connection_test, link_retry_now, sync_request


@admin_required
@require_http_methods(["GET", "POST"])
def connection_page(request: MemberRequest) -> HttpResponse:
    connection = connection_of(tenant=request.tenant)
    form = ConnectionForm(
        request.POST if request.method == "POST" else None,
        instance=connection or AtsConnection(tenant=request.tenant),
    )
    if request.method == "POST" and form.is_valid():
        connection_save(
            tenant=request.tenant,
            actor=Actor.from_request(request),
            api_key=form.cleaned_data["api_key"],
            **form.settings(),
        )
        messages.success(request, _("The ATS connection is saved."))
        return redirect("ats:connection")
    links = list(links_of(connection=connection)[:LINKS_SHOWN]) if connection else []
    return render(
        request,
        "ats/connection.html",
        {"form": form, "connection": connection, "links": links},
    )


@admin_required
@require_POST
def test(request: MemberRequest) -> HttpResponse:
    connection = connection_of(tenant=request.tenant)
    if connection is None:
        messages.error(request, _("Save the connection's settings first."))
        return redirect("ats:connection")
    error = connection_test(connection=connection)
    if error:
        messages.error(
            request, _("The ATS did not accept the settings: %(error)s") % {"error": error}
        )
    else:
        messages.success(request, _("The ATS answered: the settings work."))
    return redirect("ats:connection")


@admin_required
@require_POST
def sync(request: MemberRequest) -> HttpResponse:
    connection = connection_of(tenant=request.tenant)
    if connection is None or not connection.enabled:
        messages.error(request, _("Enable the connection first."))
        return redirect("ats:connection")
    sync_request(connection=connection, actor=Actor.from_request(request))
    messages.success(request, _("The sync has started; its outcome shows here in a minute."))
    return redirect("ats:connection")


@admin_required
@require_POST
def retry(request: MemberRequest, link_id: int) -> HttpResponse:
    link = access_candidate_link(request.membership, link_id)
    if link_retry_now(link=link):
        messages.success(request, _("The candidate will be sent again now."))
    else:
        messages.info(request, _("There is nothing to send again for this candidate."))
    return redirect("ats:connection")
