import json
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from coopt.accounts.access import member_required
from coopt.accounts.http import MemberRequest, VisitorRequest
from coopt.diffusion.explain import explanation
from coopt.diffusion.matching import reasons_for_jobs
from coopt.gamification.services import points_for_share_visit
from coopt.gamification.visits import job_visit_record
from coopt.jobs.jsonld import job_posting, summary
from coopt.jobs.models import Job, ShareLink
from coopt.jobs.selectors import (
    access_public_job,
    access_published_job,
    access_share_link,
    job_board,
    share_link_by_token,
)
from coopt.jobs.services import share_link_count_visit, share_link_for
from coopt.lib.http import posted, posted_files
from coopt.lib.ratelimit import rate_limited
from coopt.referrals.retention import retention_policy_for
from coopt.referrals.services import ApplicationData, ReferralRefused, application_submit

from .forms import BoardFilterForm, PublicApplicationForm

JOBS_PER_PAGE = 20
# As django.utils.html.json_script: nothing in the data can close the <script>.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
SHARE_SESSION_KEY = "coopt_share_token"


@dataclass(frozen=True)
class BoardCard:
    """A job on the member's board, with the sentence saying why it suits them."""

    job: Job
    why_you: str


@member_required
@require_GET
def board(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    job_visit_record(request)  # points for the day's visit to the jobs (G1), once a day
    form = BoardFilterForm(request.GET or None, tenant=request.tenant)
    text, tag_ids = "", []
    if form.is_valid():
        text = form.cleaned_data["q"]
        tag_ids = [tag.pk for tag in form.cleaned_data["tag"]]
    jobs = job_board(membership=membership, text=text, tag_ids=tag_ids)
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    interest_ids = set(membership.interests.values_list("id", flat=True))
    page.object_list = list(page.object_list)
    reasons = reasons_for_jobs(
        membership=membership, jobs=page.object_list, interest_ids=interest_ids
    )
    cards = [BoardCard(job=job, why_you=explanation(reasons[job.pk])) for job in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "jobs/board.html",
        {
            "form": form,
            "page_obj": page,
            "jobs": page.object_list,
            "cards": cards,
            "interest_ids": interest_ids,
            "querystring_base": (query.urlencode() + "&") if query else "",
            "filtered": bool(text or tag_ids),
        },
    )


@member_required
@require_GET
def detail(request: MemberRequest, job_id: int) -> HttpResponse:
    membership = request.membership
    job = access_published_job(membership, job_id)
    job_visit_record(request)
    link = share_link_for(job=job, member=membership)
    share_url = request.build_absolute_uri(link.get_absolute_url())
    interest_ids = set(membership.interests.values_list("id", flat=True))
    reasons = reasons_for_jobs(membership=membership, jobs=[job], interest_ids=interest_ids)
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "why_you": explanation(reasons[job.pk]),
            "share_url": share_url,
            "interest_ids": interest_ids,
        },
    )


@require_GET
@rate_limited(key="share-link", limit=60, window=10 * 60, methods=["GET"])
def shared(request: VisitorRequest, token: str) -> HttpResponse:
    """A member's tracked link: remember who shared, then show the public page."""
    link = access_share_link(request.tenant, token)
    share_link_count_visit(link=link)
    # The share earns its points on the first visit by someone else (G1).
    visitor = request.user if request.user.is_authenticated else None
    points_for_share_visit(link=link, visitor=visitor)
    request.session[SHARE_SESSION_KEY] = link.token
    return redirect(reverse("jobs:public", args=[link.job_id]) + f"?ref={link.token}")


def _share_link_from(request: VisitorRequest, token: str) -> ShareLink | None:
    token = token or request.session.get(SHARE_SESSION_KEY, "")
    if not token:
        return None
    return share_link_by_token(request.tenant, token)


@require_http_methods(["GET", "POST"])
@rate_limited(key="public-apply", limit=20, window=60 * 60)
def public(request: VisitorRequest, job_id: int) -> HttpResponse:
    """The public job page with JSON-LD and the apply form (J5)."""
    tenant = request.tenant
    job = access_public_job(tenant, job_id)
    initial = {"ref": request.GET.get("ref", "")}
    form = PublicApplicationForm(
        posted(request),
        posted_files(request),
        initial=initial,
        pool_months=retention_policy_for(tenant=tenant).talent_pool_months,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        link = _share_link_from(request, data["ref"])
        if link is not None and link.job_id != job.pk:
            link = None
        try:
            application_submit(
                job=job,
                data=ApplicationData(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                    motivation=data["motivation"],
                    # The page's language; ``application_submit`` falls back to the company's.
                    language=get_language() or "",
                    pool_consent=data["pool_consent"],
                ),
                cv=data["cv"],
                share_link=link,
            )
        except ReferralRefused as refused:
            form.add_error(None, str(refused.message))
        else:
            request.session.pop(SHARE_SESSION_KEY, None)
            return render(request, "jobs/applied.html", {"job": job})
    url = request.build_absolute_uri(job.get_public_url())
    posting = job_posting(job, url)
    return render(
        request,
        "jobs/public.html",
        {
            "job": job,
            "form": form,
            "url": url,
            "summary": summary(job),
            "logo_url": request.build_absolute_uri(reverse("tenants:logo")) if tenant.logo else "",
            "json_ld": json.dumps(posting, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES),
        },
    )
