"""Job-ad credits spent (W3, item 9): a member posts a job for their own company, and the
network's operator approves or declines the request. Network mode only: 404 elsewhere."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopt.accounts.access import in_house_recruiter_required, member_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.lib.http import posted

from ..forms import JobPostDeclineForm, JobPostForm
from ..models import JobPostRequest
from ..selectors import (
    access_job_post_request,
    approved_clients_of,
    credit_balance,
    job_post_requests_of,
    job_posts_open_to,
    job_posts_operator_tenant,
    my_job_post_requests,
)
from ..services import (
    JobPostData,
    RewardError,
    job_post_request_approve,
    job_post_request_decline,
    job_post_request_submit,
)

REQUESTS_PER_PAGE = 25


@member_required
@require_http_methods(["GET", "POST"])
def post_job(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    job_posts_open_to(membership)
    clients = approved_clients_of(membership)
    form = JobPostForm(posted(request), clients=clients)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job_post = job_post_request_submit(
                member=membership,
                data=JobPostData(
                    title=data["title"],
                    description=data["description"],
                    location=data["location"],
                    company_name=data["company_name"],
                    company_website=data["company_website"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    client=data.get("client"),
                ),
            )
        except RewardError as error:
            form.add_error(None, str(error.message))
        else:
            if job_post.state == JobPostRequest.State.APPROVED:
                messages.success(
                    request,
                    _("Your job is ready: the team publishes it shortly. One credit was used."),
                )
            else:
                messages.success(
                    request,
                    _("Thank you: the team reviews your company, then publishes your job."),
                )
            return redirect("rewards:post_job")
    return render(
        request,
        "rewards/post_job.html",
        {
            "form": form,
            "balance": credit_balance(membership),
            "requests": my_job_post_requests(member=membership)[:20],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@in_house_recruiter_required
@require_GET
def job_post_requests(request: MemberRequest) -> HttpResponse:
    tenant = job_posts_operator_tenant(request.membership)
    page_obj = Paginator(job_post_requests_of(tenant=tenant), REQUESTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "rewards/office/job_posts.html",
        {
            "page_obj": page_obj,
            "requests": page_obj.object_list,
            "querystring_base": "",
        },
    )


@in_house_recruiter_required
@require_POST
def job_post_approve(request: MemberRequest, request_id: int) -> HttpResponse:
    job_post = access_job_post_request(request.membership, request_id)
    try:
        job_post = job_post_request_approve(job_post=job_post, actor=Actor.from_request(request))
    except RewardError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(company)s is a client company now; the job is a draft for you to publish.")
            % {"company": job_post.company_name},
        )
    return redirect("rewards:job_posts")


@in_house_recruiter_required
@require_POST
def job_post_decline(request: MemberRequest, request_id: int) -> HttpResponse:
    job_post = access_job_post_request(request.membership, request_id)
    form = JobPostDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the request is declined."))
        return redirect("rewards:job_posts")
    try:
        job_post_request_decline(
            job_post=job_post, actor=Actor.from_request(request), reason=form.cleaned_data["reason"]
        )
    except RewardError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The request is declined; the member is told why."))
    return redirect("rewards:job_posts")
