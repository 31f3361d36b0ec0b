"""Back office settings: the tenant default rule and charities (admins), job overrides
(recruiters), the top-up and job-ad credits (admins)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopt.accounts.access import admin_required, in_house_recruiter_required
from coopt.accounts.http import MemberRequest
from coopt.jobs.selectors import access_job
from coopt.lib.http import posted

from ..forms import CharityForm, PayoutSettingsForm, RewardRuleForm
from ..models import Charity, RewardRule
from ..selectors import (
    access_charity,
    charities_of,
    job_rule_override,
    payout_settings_for,
    tenant_default_rule,
)
from ..services import (
    RewardError,
    charity_save,
    payout_settings_save,
    reward_rule_delete_for_job,
    reward_rule_save,
)
from ..templatetags.rewards_tags import level_names


@admin_required
@require_http_methods(["GET", "POST"])
def default_rule(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    rule = tenant_default_rule(tenant=tenant) or RewardRule(tenant=tenant)
    form = RewardRuleForm(posted(request), instance=rule)
    if request.method == "POST" and form.is_valid():
        reward_rule_save(rule=form.save(commit=False), tenant=tenant, author=request.user)
        messages.success(request, _("The default reward is saved. It applies to new hires."))
        return redirect("rewards:default_rule")
    return render(
        request,
        "rewards/office/rule_form.html",
        {"form": form, "job": None, "level_names": level_names(tenant), "has_rule": rule.pk},
        status=400 if form.is_bound and form.errors else 200,
    )


@in_house_recruiter_required
@require_http_methods(["GET", "POST"])
def job_rule(request: MemberRequest, job_id: int) -> HttpResponse:
    membership = request.membership
    job = access_job(membership, job_id)
    override = job_rule_override(job=job)
    default = tenant_default_rule(tenant=membership.tenant)
    if override is not None:
        rule = override
    elif default is not None:  # start from the default: the recruiter changes what differs
        rule = RewardRule(
            **{f: getattr(default, f) for f in RewardRuleForm.Meta.fields}, tenant=job.tenant
        )
    else:
        rule = RewardRule(tenant=job.tenant)
    form = RewardRuleForm(posted(request), instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            reward_rule_save(
                rule=form.save(commit=False),
                tenant=membership.tenant,
                job=job,
                author=request.user,
            )
        except RewardError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("This job's reward is saved. It applies to new hires."))
            return redirect("rewards:job_rule", job.pk)
    return render(
        request,
        "rewards/office/rule_form.html",
        {
            "form": form,
            "job": job,
            "override": override,
            "default_rule": default,
            "level_names": level_names(membership.tenant),
            "has_rule": override is not None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@in_house_recruiter_required
@require_POST
def job_rule_delete(request: MemberRequest, job_id: int) -> HttpResponse:
    membership = request.membership
    job = access_job(membership, job_id)
    if reward_rule_delete_for_job(job=job):
        messages.success(request, _("This job now follows the default reward."))
    return redirect("rewards:job_rule", job.pk)


def _render_payout(
    request: MemberRequest,
    *,
    settings_form: PayoutSettingsForm | None = None,
    charity_form: CharityForm | None = None,
    status: int = 200,
) -> HttpResponse:
    tenant = request.tenant
    return render(
        request,
        "rewards/office/payout.html",
        {
            "settings_form": settings_form
            or PayoutSettingsForm(instance=payout_settings_for(tenant=tenant)),
            "charity_form": charity_form or CharityForm(tenant=tenant),
            "charities": charities_of(tenant=tenant),
        },
        status=status,
    )


@admin_required
@require_http_methods(["GET", "POST"])
def payout_options(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    if request.method == "GET":
        return _render_payout(request)
    form = PayoutSettingsForm(request.POST, instance=payout_settings_for(tenant=tenant))
    if form.is_valid():
        payout_settings_save(payout_settings=form.save(commit=False), tenant=tenant)
        messages.success(request, _("Payout options saved."))
        return redirect("rewards:payout")
    return _render_payout(request, settings_form=form, status=400)


@admin_required
@require_POST
def charity_create(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = CharityForm(request.POST, instance=Charity(tenant=tenant), tenant=tenant)
    if form.is_valid():
        try:
            charity = charity_save(charity=form.save(commit=False), tenant=tenant)
        except RewardError as error:
            form.add_error("name", str(error.message))
        else:
            messages.success(request, _("%(name)s is on the list.") % {"name": charity.name})
            return redirect("rewards:payout")
    return _render_payout(request, charity_form=form, status=400)


@admin_required
@require_http_methods(["GET", "POST"])
def charity_edit(request: MemberRequest, charity_id: int) -> HttpResponse:
    charity = access_charity(request.membership, charity_id)
    form = CharityForm(posted(request), instance=charity, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            charity_save(charity=form.save(commit=False), tenant=request.tenant)
        except RewardError as error:
            form.add_error("name", str(error.message))
        else:
            messages.success(request, _("Charity saved."))
            return redirect("rewards:payout")
    return render(
        request,
        "rewards/office/charity_form.html",
        {"form": form, "charity": charity},
        status=400 if form.is_bound and form.errors else 200,
    )
