"""The network operator's qualification (N3): the queue, and what a qualifier does from a
candidate's page (assess, assign, forward to the client, decline). Internal-mode companies
have no qualification: every page is a 404 there. A client company's recruiters never
reach these pages (403)."""

from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import in_house_recruiter_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.clients.selectors import client_choices
from coopt.lib.http import querystring_without_page
from coopt.network.rules import network_rules_for
from coopt.referrals.models import Referral
from coopt.referrals.selectors import (
    QueueFilters,
    access_visible_referral,
    awaiting_qualification_count,
    qualification_queue,
)
from coopt.referrals.services.pipeline import PipelineError
from coopt.referrals.services.qualification import (
    qualification_assign,
    qualification_save,
    qualifier_choices,
    referral_decline,
    referral_forward,
)
from coopt.tenants.models import Tenant

from ..forms.qualification import (
    AssessmentForm,
    AssignForm,
    DeclineForm,
    ForwardForm,
    QueueFilterForm,
)
from .candidates import render_candidate

QUEUE_PER_PAGE = 50


def _network_only(request: MemberRequest) -> None:
    if request.membership.tenant.mode != Tenant.Mode.NETWORK:
        raise Http404


@in_house_recruiter_required
@require_GET
def queue(request: MemberRequest) -> HttpResponse:
    _network_only(request)
    member = request.membership
    clients = client_choices(member.tenant)
    form = QueueFilterForm(request.GET or None, clients=clients)
    filters = QueueFilters()
    if form.is_valid():
        filters = QueueFilters(
            assigned=form.cleaned_data["assigned"] or "",
            client_id=form.cleaned_data["client"] or None,
            overdue=form.cleaned_data["overdue"],
        )
    target = timedelta(hours=network_rules_for(tenant=member.tenant).qualification_target_hours)
    referrals = qualification_queue(member=member, filters=filters, target=target)
    page_obj = Paginator(referrals, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = []
    for referral in page_obj.object_list:
        since = referral.consent_answered_at or referral.created_at
        rows.append({"referral": referral, "since": since, "overdue": now - since > target})
    return render(
        request,
        "backoffice/qualification/queue.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "target_hours": int(target.total_seconds() // 3600),
            "awaiting": awaiting_qualification_count(member=member),
            "querystring_base": querystring_without_page(request),
        },
    )


def _referral(request: MemberRequest, referral_id: int) -> Referral:
    _network_only(request)
    return access_visible_referral(request.membership, referral_id)


def _back(referral: Referral) -> HttpResponse:
    return redirect(referral.get_absolute_url() + "#qualification")


@in_house_recruiter_required
@require_POST
def assess(request: MemberRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        return render_candidate(request, referral, status=400, assessment_form=form)
    try:
        qualification_save(referral=referral, assessment=form.assessment(), author=request.user)
    except PipelineError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The assessment is saved."))
    return _back(referral)


@in_house_recruiter_required
@require_POST
def assign(request: MemberRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = AssignForm(request.POST, qualifiers=qualifier_choices(tenant=referral.tenant))
    if not form.is_valid():
        return render_candidate(request, referral, status=400, assign_form=form)
    qualifier = form.cleaned_data["qualifier"]
    try:
        qualification_assign(referral=referral, qualifier=qualifier, author=request.user)
    except PipelineError as error:
        messages.error(request, str(error.message))
    else:
        if qualifier is None:
            messages.success(request, _("Nobody is assigned any more."))
        else:
            messages.success(request, _("Assigned to %(name)s.") % {"name": qualifier.display_name})
    return _back(referral)


def _decided(
    request: MemberRequest, referral: Referral, decide: Callable[[], object], done: str
) -> HttpResponse:
    """Run the qualifier's decision; on success back to the queue with ``done``, on a
    refusal back to the candidate with the reason."""
    try:
        decide()
    except PipelineError as error:
        messages.error(request, str(error.message))
        return _back(referral)
    messages.success(request, done)
    return redirect("backoffice:qualification_queue")


@in_house_recruiter_required
@require_POST
def forward(request: MemberRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = ForwardForm(request.POST)
    if not form.is_valid():
        return render_candidate(request, referral, status=400, forward_form=form)
    return _decided(
        request,
        referral,
        lambda: referral_forward(
            referral=referral,
            summary=form.cleaned_data["summary"],
            actor=Actor.from_request(request),
            author=request.user,
        ),
        _("%(name)s is forwarded to the client. The referrer is told.")
        % {"name": referral.full_name},
    )


@in_house_recruiter_required
@require_POST
def decline(request: MemberRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return render_candidate(request, referral, status=400, decline_form=form)
    return _decided(
        request,
        referral,
        lambda: referral_decline(
            referral=referral,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
            actor=Actor.from_request(request),
            author=request.user,
        ),
        _("%(name)s is declined. The candidate and the referrer are told by e-mail.")
        % {"name": referral.full_name},
    )
