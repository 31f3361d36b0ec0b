"""The admin's ATS page, under /office/ats/: settings, test, sync, the candidates sent."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor

from .forms import ConnectionForm, JobLinkForm
from .models import AtsConnection
from .selectors import (
    LINKS_SHOWN,
    access_candidate_link,
    connection_of,
    jobs_linked,
    jobs_to_link,
    links_of,
)
from .services import (
    JobAlreadyLinked,
    connection_save,
    connection_test,
    job_link,
    link_retry_now,
    sync_request,
)


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
        {
            "form": form,
            "connection": connection,
            "links": links,
            "link_form": JobLinkForm(jobs=jobs_to_link(tenant=request.tenant)),
            "linked_jobs": list(jobs_linked(connection=connection)) if connection else [],
        },
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
def job_link_view(request: MemberRequest) -> HttpResponse:
    connection = connection_of(tenant=request.tenant)
    if connection is None:
        messages.error(request, _("Save the connection's settings first."))
        return redirect("ats:connection")
    form = JobLinkForm(request.POST, jobs=jobs_to_link(tenant=request.tenant))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("ats:connection")
    try:
        job_link(
            connection=connection,
            job=form.cleaned_data["job"],
            external_job_id=form.cleaned_data["external_job_id"],
            actor=Actor.from_request(request),
        )
    except JobAlreadyLinked:
        messages.error(request, _("Another job is already linked to that ATS job."))
    else:
        messages.success(request, _("The job's link to the ATS is saved."))
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
