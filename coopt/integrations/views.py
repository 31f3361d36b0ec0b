"""Job feed pages (J3), for admins, under /office/integrations/feeds/: the sources, run now,
upload a file, the runs' reports, and the names of the feeds mapped to the tenant's tags.
And the public feed of the tenant's jobs (X4), at /jobs/feed.xml."""

import copy
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest, VisitorRequest
from coopt.audit.actors import Actor
from coopt.jobs.external import MappingRefused, external_name_map
from coopt.jobs.models import ExternalTagMapping
from coopt.lib.http import posted, posted_files
from coopt.taxonomy.models import Tag

from .feeds import reason_label
from .forms import FeedSettingsForm, MappingForm, SourceForm, UploadForm
from .jobs_out import jobs_feed_xml
from .models import JobFeedRun
from .runs import feed_run_request, feed_run_upload, max_bytes
from .selectors import (
    access_external_name,
    access_run,
    access_source,
    external_names_of,
    job_feed_settings_for,
    public_feed_jobs,
    runs_of,
    sources_of,
    tags_to_map,
)
from .sources import (
    feed_source_create,
    feed_source_delete,
    feed_source_update,
    job_feed_settings_update,
)

RUNS_PER_PAGE = 25
NAMES_PER_PAGE = 50
# The public feed is built at most this often (seconds); aggregators fetch it hourly or so.
FEED_CACHE_SECONDS = 5 * 60


def feed_cache_key(tenant_id: int, host: str) -> str:
    """Where the feed is kept a few minutes; by host, as its addresses name the host."""
    return f"integrations:jobs-feed:{tenant_id}:{host}"


# Sources -----------------------------------------------------------------------------------


@admin_required
@require_GET
def sources(request: MemberRequest) -> HttpResponse:
    settings = job_feed_settings_for(tenant=request.tenant)
    unmapped = external_names_of(tenant=request.tenant).filter(tag=None).count()
    return render(
        request,
        "integrations/sources.html",
        {
            "sources": sources_of(tenant=request.tenant),
            "settings_form": FeedSettingsForm(instance=settings),
            "feed_on": settings.publish_feed,
            "feed_url": request.build_absolute_uri(reverse("integrations_public:feed")),
            "unmapped": unmapped,
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def source_create(request: MemberRequest) -> HttpResponse:
    form = SourceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        source = feed_source_create(
            tenant=request.tenant, actor=Actor.from_request(request), **form.cleaned_data
        )
        messages.success(request, _("The source is saved."))
        return redirect("integrations:source", source_id=source.pk)
    return render(request, "integrations/source_form.html", {"form": form, "source": None})


@admin_required
@require_http_methods(["GET", "POST"])
def source_edit(request: MemberRequest, source_id: int) -> HttpResponse:
    source = access_source(request.membership, source_id)
    form = SourceForm(posted(request), instance=copy.copy(source))
    if request.method == "POST" and form.is_valid():
        feed_source_update(source=source, actor=Actor.from_request(request), **form.cleaned_data)
        messages.success(request, _("The source is saved."))
        return redirect("integrations:source", source_id=source.pk)
    runs = runs_of(tenant=request.tenant, source=source)[:5]
    return render(
        request, "integrations/source_form.html", {"form": form, "source": source, "runs": runs}
    )


@admin_required
@require_POST
def source_delete(request: MemberRequest, source_id: int) -> HttpResponse:
    source = access_source(request.membership, source_id)
    feed_source_delete(source=source, actor=Actor.from_request(request))
    messages.success(request, _("The source is deleted. Its jobs stay as they are."))
    return redirect("integrations:sources")


@admin_required
@require_POST
def source_run(request: MemberRequest, source_id: int) -> HttpResponse:
    source = access_source(request.membership, source_id)
    if not source.url:
        messages.error(request, _("This source has no address: upload a file instead."))
        return redirect("integrations:upload", source_id=source.pk)
    run = feed_run_request(source=source, actor=Actor.from_request(request))
    messages.success(request, _("The run is queued: its report appears below once done."))
    return redirect("integrations:run", run_id=run.pk)


@admin_required
@require_http_methods(["GET", "POST"])
def source_upload(request: MemberRequest, source_id: int) -> HttpResponse:
    source = access_source(request.membership, source_id)
    form = UploadForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        run = feed_run_upload(
            source=source, data=form.cleaned_data["file"], actor=Actor.from_request(request)
        )
        return redirect("integrations:run", run_id=run.pk)
    return render(
        request,
        "integrations/upload.html",
        {"form": form, "source": source, "max_bytes": max_bytes()},
    )


# Runs --------------------------------------------------------------------------------------


@admin_required
@require_GET
def runs(request: MemberRequest) -> HttpResponse:
    source = None
    if (source_id := request.GET.get("source", "")).isdigit():
        source = access_source(request.membership, int(source_id))
    page = Paginator(runs_of(tenant=request.tenant, source=source), RUNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "integrations/runs.html",
        {
            "page_obj": page,
            "runs": page.object_list,
            "source": source,
            "querystring_base": f"source={source.pk}&" if source else "",
        },
    )


@admin_required
@require_GET
def run(request: MemberRequest, run_id: int) -> HttpResponse:
    found = access_run(request.membership, run_id)
    rejected = [(row.get("id", ""), reason_label(row.get("reason", ""))) for row in found.rejected]
    kinds = dict(Tag.Kind.choices)
    unknown = [(kinds.get(kind, kind), name) for kind, name in found.unknown_tags]
    return render(
        request,
        "integrations/run.html",
        {
            "run": found,
            "rejected": rejected,
            "unknown": unknown,
            "pending": found.status in (JobFeedRun.Status.QUEUED, JobFeedRun.Status.RUNNING),
        },
    )


# Names of the feeds, mapped to the tenant's tags ------------------------------------------


def _mapping_form(mapping: ExternalTagMapping, data: Any = None) -> MappingForm:
    return MappingForm(
        data, mapping=mapping, prefix=f"name{mapping.pk}", initial={"tag": mapping.tag_id}
    )


@admin_required
@require_GET
def names(request: MemberRequest) -> HttpResponse:
    page = Paginator(external_names_of(tenant=request.tenant), NAMES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(mapping, _mapping_form(mapping)) for mapping in page.object_list]
    return render(
        request,
        "integrations/names.html",
        {
            "page_obj": page,
            "rows": rows,
            "querystring_base": "",
            "has_tags": any(tags_to_map(tenant=request.tenant).values()),
        },
    )


@admin_required
@require_POST
def name_map(request: MemberRequest, mapping_id: int) -> HttpResponse:
    mapping = access_external_name(request.membership, mapping_id)
    form = _mapping_form(mapping, request.POST)
    if form.is_valid():
        try:
            external_name_map(
                mapping=mapping, tag=form.cleaned_data["tag"], actor=Actor.from_request(request)
            )
        except MappingRefused:
            messages.error(request, _("Choose a tag of the same list."))
        else:
            messages.success(
                request,
                _("Saved. The jobs that carry this name get the tag on their source's next run."),
            )
    else:
        messages.error(request, _("Choose a tag of the same list."))
    return redirect("integrations:names")


# The public feed (X4) ----------------------------------------------------------------------


@admin_required
@require_POST
def feed_settings(request: MemberRequest) -> HttpResponse:
    form = FeedSettingsForm(request.POST)
    if form.is_valid():
        job_feed_settings_update(
            tenant=request.tenant,
            publish_feed=form.cleaned_data["publish_feed"],
            actor=Actor.from_request(request),
        )
        messages.success(request, _("The settings are saved."))
    return redirect("integrations:sources")


@require_GET
def jobs_feed(request: VisitorRequest) -> HttpResponse:
    """The tenant's published jobs in the job-board XML layout, for aggregators; 404 when
    the tenant turned it off."""
    tenant = request.tenant
    if not job_feed_settings_for(tenant=tenant).publish_feed:
        raise Http404
    key = feed_cache_key(tenant.pk, request.get_host())
    body = cache.get(key)
    if body is None:
        body = jobs_feed_xml(
            tenant=tenant,
            jobs=public_feed_jobs(tenant=tenant),
            site_url=request.build_absolute_uri("/"),
            url_of=lambda job: request.build_absolute_uri(job.get_public_url()),
        )
        cache.set(key, body, FEED_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={FEED_CACHE_SECONDS}"
    return response
