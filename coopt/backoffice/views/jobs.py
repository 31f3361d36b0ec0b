"""Jobs and job templates in the back office (J1, J2)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopt.accounts.access import in_house_recruiter_required, recruiter_required
from coopt.accounts.http import MemberRequest
from coopt.jobs.models import Job, JobTemplate
from coopt.jobs.selectors import access_job, access_template, templates_of
from coopt.jobs.services import (
    JobTransitionError,
    job_clone,
    job_create,
    job_from_template,
    job_set_status,
    job_template_save,
    job_update,
)
from coopt.lib.http import querystring_without_page, safe_next

from ..forms.jobs import JobFilterForm, JobForm, TemplateForm
from ..selectors import jobs_with_counts

JOBS_PER_PAGE = 25
TEMPLATES_PER_PAGE = 50


@recruiter_required
@require_GET
def jobs(request: MemberRequest) -> HttpResponse:
    form = JobFilterForm(request.GET or None)
    status = text = ""
    if form.is_valid():
        status, text = form.cleaned_data["status"], form.cleaned_data["q"]
    page = Paginator(
        jobs_with_counts(member=request.membership, status=status, text=text), JOBS_PER_PAGE
    )
    page_obj = page.get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/jobs/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "jobs": page_obj.object_list,
            "filtered": bool(status or text),
            "querystring_base": querystring_without_page(request),
        },
    )


@in_house_recruiter_required
@require_http_methods(["GET", "POST"])
def job_create_view(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = JobForm(request.POST or None, tenant=tenant, instance=Job(tenant=tenant))
    if request.method == "POST" and form.is_valid():
        job = job_create(
            tenant=tenant,
            author=request.user,
            locations=list(form.cleaned_data["locations"]),
            **form.content(),
        )
        messages.success(request, _("Draft saved. Publish it when it is ready."))
        return redirect("backoffice:job_edit", job_id=job.pk)
    templates = templates_of(tenant)[:20]
    return render(
        request, "backoffice/jobs/form.html", {"form": form, "job": None, "templates": templates}
    )


@in_house_recruiter_required
@require_http_methods(["GET", "POST"])
def job_edit(request: MemberRequest, job_id: int) -> HttpResponse:
    membership = request.membership
    job = access_job(membership, job_id)
    form = JobForm(request.POST or None, tenant=membership.tenant, instance=job)
    if request.method == "POST" and form.is_valid():
        job_update(job=job, locations=list(form.cleaned_data["locations"]), **form.content())
        messages.success(request, _("Job saved."))
        return redirect("backoffice:job_edit", job_id=job.pk)
    return render(request, "backoffice/jobs/form.html", {"form": form, "job": job})


@in_house_recruiter_required
@require_POST
def job_clone_view(request: MemberRequest, job_id: int) -> HttpResponse:
    job = access_job(request.membership, job_id)
    copy = job_clone(job=job, author=request.user)
    messages.success(request, _("A draft copy of “%(title)s” was created.") % {"title": job.title})
    return redirect("backoffice:job_edit", job_id=copy.pk)


@in_house_recruiter_required
@require_POST
def job_status(request: MemberRequest, job_id: int) -> HttpResponse:
    job = access_job(request.membership, job_id)
    status = request.POST.get("status", "")
    previous = job.get_status_display()
    try:
        if status not in Job.Status.values:
            raise JobTransitionError(status)
        job_set_status(job=job, status=status)
    except JobTransitionError:
        messages.error(
            request,
            _("A job that is “%(status)s” cannot take this step.") % {"status": previous},
        )
    else:
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {"title": job.title, "status": job.get_status_display()},
        )
    return redirect(safe_next(request) or "backoffice:jobs")


# --- Templates ------------------------------------------------------------------


@in_house_recruiter_required
@require_GET
def templates(request: MemberRequest) -> HttpResponse:
    page_obj = Paginator(templates_of(request.tenant), TEMPLATES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "backoffice/jobs/templates.html",
        {"page_obj": page_obj, "templates": page_obj.object_list, "querystring_base": ""},
    )


@in_house_recruiter_required
@require_http_methods(["GET", "POST"])
def template_create(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = TemplateForm(request.POST or None, tenant=tenant, instance=JobTemplate(tenant=tenant))
    if request.method == "POST" and form.is_valid():
        job_template_save(tenant=tenant, name=form.cleaned_data["name"], **form.content())
        messages.success(request, _("Template saved."))
        return redirect("backoffice:templates")
    return render(request, "backoffice/jobs/template_form.html", {"form": form, "template": None})


@in_house_recruiter_required
@require_http_methods(["GET", "POST"])
def template_edit(request: MemberRequest, template_id: int) -> HttpResponse:
    membership = request.membership
    template = access_template(membership, template_id)
    form = TemplateForm(request.POST or None, tenant=membership.tenant, instance=template)
    if request.method == "POST" and form.is_valid():
        job_template_save(
            tenant=membership.tenant,
            template=template,
            name=form.cleaned_data["name"],
            **form.content(),
        )
        messages.success(request, _("Template saved."))
        return redirect("backoffice:templates")
    return render(
        request, "backoffice/jobs/template_form.html", {"form": form, "template": template}
    )


@in_house_recruiter_required
@require_POST
def job_from_template_view(request: MemberRequest, template_id: int) -> HttpResponse:
    template = access_template(request.membership, template_id)
    job = job_from_template(template=template, author=request.user)
    messages.success(
        request,
        _("A draft was created from “%(name)s”. Add its locations, then publish it.")
        % {"name": template.name},
    )
    return redirect("backoffice:job_edit", job_id=job.pk)
