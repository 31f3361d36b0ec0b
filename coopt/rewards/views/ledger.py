"""The back office ledger (W2): filters, totals, payments, departures.

Recruiters and admins see the ledger and record departures; only admins pay.
"""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import admin_required, in_house_recruiter_required
from coopt.accounts.http import MemberRequest

from ..forms import BulkPayForm, DepartureForm, LedgerFilterForm
from ..models import Reward, State
from ..selectors import (
    access_reward,
    ledger,
    ledger_totals,
    statement_years,
    tenant_rewards,
)
from ..services import RewardError, reward_mark_paid, reward_record_departure, rewards_mark_paid
from ..templatetags.rewards_tags import level_names

LEDGER_PER_PAGE = 50


def _back_to_ledger(request: MemberRequest) -> HttpResponse:
    """Return to the ledger page the action came from, with its filters and page."""
    target = request.POST.get("next", "")
    if target.startswith(reverse("rewards:ledger")) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("rewards:ledger")


@in_house_recruiter_required
@require_GET
def ledger_view(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = LedgerFilterForm(request.GET or None, tenant=tenant)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rewards = ledger(
        tenant=tenant,
        state=filters.get("state") or "",
        member=filters.get("member"),
        job=filters.get("job"),
        start=filters.get("start"),
        end=filters.get("end"),
    )
    page_obj = Paginator(rewards, LEDGER_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rewards/office/ledger.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rewards": page_obj.object_list,
            "totals": ledger_totals(rewards),
            "querystring_base": (query.urlencode() + "&") if query else "",
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "selected_member": filters.get("member"),
            "now_year": timezone.localdate().year,
        },
    )


def render_detail(
    request: MemberRequest, reward: Reward, *, form: DepartureForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "rewards/office/detail.html",
        {
            "reward": reward,
            "transitions": reward.transitions.select_related("author"),
            "departure_form": form or DepartureForm(),
            "years": statement_years(member=reward.member),
            "level_name": level_names(reward.tenant).get(reward.level, reward.level),
            # A sponsor bonus follows its hire: the departure is recorded on the hire's reward.
            "departure_possible": reward.state in (State.PENDING, State.DUE)
            and reward.due_on > reward.hired_on
            and not reward.is_sponsor_bonus,
        },
        status=status,
    )


@in_house_recruiter_required
@require_GET
def reward_detail(request: MemberRequest, reward_id: int) -> HttpResponse:
    return render_detail(request, access_reward(request.membership, reward_id))


@in_house_recruiter_required
@require_POST
def reward_departure(request: MemberRequest, reward_id: int) -> HttpResponse:
    reward = access_reward(request.membership, reward_id)
    form = DepartureForm(request.POST)
    if form.is_valid():
        try:
            reward_record_departure(
                reward=reward,
                author=request.user,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except RewardError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Departure recorded: the reward is cancelled."))
            return redirect("rewards:detail", reward.pk)
    return render_detail(request, reward, form=form, status=400)


@admin_required
@require_POST
def reward_pay(request: MemberRequest, reward_id: int) -> HttpResponse:
    reward = access_reward(request.membership, reward_id)
    try:
        reward_mark_paid(reward=reward, author=request.user)
    except RewardError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Reward R%(number)s marked as paid.") % {"number": reward.pk})
    return _back_to_ledger(request)


@admin_required
@require_POST
def rewards_pay(request: MemberRequest) -> HttpResponse:
    form = BulkPayForm(request.POST, rewards=tenant_rewards(tenant=request.tenant))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back_to_ledger(request)
    paid, skipped = rewards_mark_paid(
        rewards=list(form.cleaned_data["rewards"]), author=request.user
    )
    messages.success(
        request,
        _("%(paid)d marked as paid, %(skipped)d skipped.") % {"paid": paid, "skipped": skipped},
    )
    return _back_to_ledger(request)
