"""The client companies of a network, for the operator's staff (N2): list, add, edit,
invite a client's recruiters. Internal-mode tenants have none: every page is a 404 there."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from coopt.accounts.access import admin_required, membership_for
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.jobs.models import ContractType
from coopt.lib.http import posted, posted_files
from coopt.tenants.http import TenantRequest
from coopt.tenants.views import serve_image

from .forms import ClientForm, JobImportForm, RecruiterInviteForm
from .job_import import EXAMPLE_CSV, ImportFileError, jobs_import
from .models import ClientCompany
from .selectors import access_client, access_client_logo, clients_of, operator_tenant, recruiters_of
from .services import MemberExists, client_recruiter_invite, client_save

CLIENTS_PER_PAGE = 25


@admin_required
@require_GET
def clients(request: MemberRequest) -> HttpResponse:
    tenant = operator_tenant(request.membership)
    page_obj = Paginator(clients_of(tenant), CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/list.html",
        {"page_obj": page_obj, "clients": page_obj.object_list},
    )


@admin_required
@require_http_methods(["GET", "POST"])
def client_create(request: MemberRequest) -> HttpResponse:
    tenant = operator_tenant(request.membership)
    form = ClientForm(posted(request), posted_files(request), instance=ClientCompany(tenant=tenant))
    if request.method == "POST" and form.is_valid():
        client = client_save(
            tenant=tenant, actor=Actor.from_request(request), **form.fields_for_service()
        )
        messages.success(request, _("%(name)s is added.") % {"name": client.name})
        return redirect("clients:edit", client.pk)
    return render(request, "clients/form.html", {"form": form, "client": None})


@admin_required
@require_http_methods(["GET", "POST"])
def client_edit(request: MemberRequest, client_id: int) -> HttpResponse:
    client = access_client(request.membership, client_id)
    form = ClientForm(posted(request), posted_files(request), instance=client)
    if request.method == "POST" and form.is_valid():
        client_save(
            tenant=client.tenant,
            actor=Actor.from_request(request),
            client=client,
            **form.fields_for_service(),
        )
        messages.success(request, _("Saved."))
        return redirect("clients:edit", client.pk)
    return render(
        request,
        "clients/form.html",
        {
            "form": form,
            "client": client,
            "recruiters": recruiters_of(client),
            "invite_form": RecruiterInviteForm(),
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def client_recruiter_invite_view(request: MemberRequest, client_id: int) -> HttpResponse:
    client = access_client(request.membership, client_id)
    form = RecruiterInviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = client_recruiter_invite(
                client=client,
                actor=Actor.from_request(request),
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except MemberExists as exists:
            form.add_error(
                "email",
                _("%(email)s is already in the network.") % {"email": exists.membership.user.email},
            )
        else:
            messages.success(
                request,
                _("%(name)s is invited: the e-mail is on its way.")
                % {"name": membership.display_name},
            )
            return redirect("clients:edit", client.pk)
    return render(request, "clients/invite.html", {"form": form, "client": client})


@admin_required
@require_http_methods(["GET", "POST"])
def client_job_import(request: MemberRequest, client_id: int) -> HttpResponse:
    """Draft jobs for the client from a CSV file; ``?example=csv`` downloads a sample file."""
    client = access_client(request.membership, client_id)
    if request.method == "GET" and request.GET.get("example") == "csv":
        response = HttpResponse(EXAMPLE_CSV.encode("utf-8-sig"), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="jobs-example.csv"'
        return response
    form = JobImportForm(posted(request), posted_files(request))
    report = None
    file_error = ""
    if request.method == "POST" and form.is_valid():
        try:
            report = jobs_import(
                client=client,
                data=form.cleaned_data["file"].read(),
                author=request.user,
                actor=Actor.from_request(request),
            )
        except ImportFileError as error:
            file_error = error.message
    return render(
        request,
        "clients/job_import.html",
        {
            "form": form,
            "client": client,
            "report": report,
            "file_error": file_error,
            "contract_types": ContractType.choices,
        },
    )


@require_GET
@cache_control(private=True, max_age=3600)
def client_logo(request: TenantRequest, client_id: int) -> FileResponse:
    client = access_client_logo(request.tenant, membership_for(request), client_id)
    return serve_image(client.logo)
