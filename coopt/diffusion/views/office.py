"""The recruiter's diffusion pages: the audience editor (D1), sends and their progress (D2),
featured jobs (D3) and the weekly cap (D6).

The editor and the progress page answer an htmx request (``HX-Request``) with only the
part that changes; every page also works as a plain form without JavaScript.
"""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from coopt.accounts.access import admin_required, in_house_recruiter_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.jobs.models import Job
from coopt.lib.http import querystring_without_page, safe_next

from .. import audience
from ..cap import weekly_cap_of, weekly_cap_update
from ..featured import job_feature, job_unfeature
from ..forms import AudienceForm, SendFilterForm, WeeklyCapForm
from ..selectors import (
    access_job,
    access_send,
    diffusion_settings_for,
    is_featured,
    level_names,
    progress_by_send,
    sends_for_tenant,
    sends_of_job,
    waves_of,
)
from ..sends import ENDED, SendError, progress_of, send_start, send_stop

SENDS_PER_PAGE = 25


def _partial(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not a history restore, which wants the page)."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


# --- Audience editor ------------------------------------------------------------


def _audience_form(request: MemberRequest, job: Job) -> AudienceForm:
    """Bound to the POST, to a GET that carries the form, or unbound (the default audience)."""
    data: Any = None
    if request.method == "POST":
        data = request.POST
    elif "edited" in request.GET:
        data = request.GET
    return AudienceForm(data, job=job, **audience.spec_choices(job=job))


def _audience_context(job: Job, form: AudienceForm) -> dict[str, Any]:
    found = audience.summary(job=job, spec=form.spec())
    names = level_names(tenant=job.tenant)
    return {
        "job": job,
        "form": form,
        "counts": found.counts,
        "sample": [(row, names.get(row.level, "")) for row in found.sample],
    }


def _job_page(job: Job) -> dict[str, Any]:
    """What the whole page shows around the audience: the featured mark, the history."""
    return {"job": job, "featured": is_featured(job=job), "history": sends_of_job(job=job)}


@in_house_recruiter_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def audience_editor(request: MemberRequest, job_id: int) -> HttpResponse:
    job = access_job(request.membership, job_id)
    if job.status != Job.Status.PUBLISHED:
        return render(request, "diffusion/office/not_published.html", _job_page(job))
    form = _audience_form(request, job)
    if request.method == "POST" and form.is_valid():
        wave_by, wave_delay = form.waves()
        try:
            send = send_start(
                job=job,
                spec=form.spec(),
                author=request.user,
                wave_by=wave_by,
                wave_delay=wave_delay,
            )
        except SendError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The send has started."))
            return redirect("diffusion:send", send_id=send.pk)
    elif "review" in request.GET and form.is_valid():
        size = audience.counts(job=job, spec=form.spec()).size
        if size:
            return _confirmation(request, job=job, form=form, size=size)
        form.add_error(None, _("Nobody is in the audience: widen it before sending."))
    context = _audience_context(job, form)
    if request.method == "GET" and _partial(request):
        return render(request, "diffusion/office/_audience.html", {**context, "oob": True})
    return render(request, "diffusion/office/editor.html", {**_job_page(job), **context})


def _confirmation(
    request: MemberRequest, *, job: Job, form: AudienceForm, size: int
) -> HttpResponse:
    """The step before sending: the size as it is now, and the form's values to send."""
    query = request.GET.copy()
    query.pop("review", None)
    back = reverse("diffusion:editor", args=[job.pk]) + "?" + query.urlencode()
    return render(
        request,
        "diffusion/office/confirm.html",
        {
            "job": job,
            "form": form,
            "size": size,
            "wave_by": form.waves()[0],
            "wave_hours": form.wave_hours(),
            "back_url": back,
        },
    )


@in_house_recruiter_required
@require_POST
def feature(request: MemberRequest, job_id: int) -> HttpResponse:
    """Put the job in every digest while it is open, or take it out (D3)."""
    job = access_job(request.membership, job_id)
    if request.POST.get("featured") == "1":
        job_feature(job=job)
        messages.success(
            request, _("“%(title)s” is featured in the digests.") % {"title": job.title}
        )
    else:
        job_unfeature(job=job)
        messages.success(
            request, _("“%(title)s” is no longer featured in the digests.") % {"title": job.title}
        )
    return redirect(safe_next(request) or reverse("diffusion:editor", args=[job.pk]))


# --- Sends ----------------------------------------------------------------------


@in_house_recruiter_required
@require_GET
@vary_on_headers("HX-Request")
def send_detail(request: MemberRequest, send_id: int) -> HttpResponse:
    send = access_send(request.membership, send_id)
    progress = progress_of(send=send)
    context = {
        "send": send,
        "progress": progress,
        "done": send.status in ENDED,  # the page stops polling; no Stop button
        "handled": progress.sent + progress.failed + progress.deferred,
        "bar_max": max(send.audience_size, progress.total, 1),
        "waves": waves_of(send=send, names=level_names(tenant=request.tenant)),
    }
    if _partial(request):
        return render(request, "diffusion/office/_progress.html", context)
    return render(request, "diffusion/office/send.html", context)


@in_house_recruiter_required
@require_POST
def stop(request: MemberRequest, send_id: int) -> HttpResponse:
    """Stop a send: the members not reached yet will not be (the page asked first)."""
    send = access_send(request.membership, send_id)
    if send_stop(send=send):
        messages.success(request, _("The send is stopped: nobody else will receive it."))
    else:
        messages.info(request, _("The send had already ended."))
    return redirect("diffusion:send", send_id=send.pk)


@in_house_recruiter_required
@require_GET
def send_list(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = SendFilterForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    job_id = request.GET.get("job", "")
    job = access_job(request.membership, int(job_id)) if job_id.isdigit() else None
    sends = sends_for_tenant(tenant=tenant, job=job, text=text)
    page_obj = Paginator(sends, SENDS_PER_PAGE).get_page(request.GET.get("page"))
    progress = progress_by_send(send_ids=[send.pk for send in page_obj.object_list])
    return render(
        request,
        "diffusion/office/sends.html",
        {
            "form": form,
            "job": job,
            "filtered": bool(job or text),
            "page_obj": page_obj,
            "rows": [(send, progress[send.pk]) for send in page_obj.object_list],
            "weekly_cap": weekly_cap_of(tenant=tenant),
            "querystring_base": querystring_without_page(request),
        },
    )


# --- Weekly cap (D6) --------------------------------------------------------------


@admin_required
@require_http_methods(["GET", "POST"])
def cap_settings(request: MemberRequest) -> HttpResponse:
    form = WeeklyCapForm(
        request.POST if request.method == "POST" else None,
        instance=diffusion_settings_for(tenant=request.tenant),
    )
    if request.method == "POST" and form.is_valid():
        weekly_cap_update(
            tenant=request.tenant,
            weekly_cap=form.cleaned_data["weekly_cap"],
            actor=Actor.from_request(request),
        )
        messages.success(request, _("The settings are saved."))
        return redirect("diffusion:settings")
    return render(request, "backoffice/settings/diffusion.html", {"form": form})
