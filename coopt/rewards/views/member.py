"""The member's rewards: their ledger lines, payout choices, the rules, statements (W1–W3, W5)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import member_required
from coopt.accounts.http import MemberRequest
from coopt.tenants.models import Tenant

from ..forms import PayoutChoiceForm
from ..models import Charity, Choice, Reward
from ..money import format_money
from ..selectors import (
    access_own_reward,
    charities_of,
    credit_balance,
    jobs_with_own_rule,
    payout_settings_for,
    reward_summary,
    rewards_of,
    statement_years,
    tenant_default_rule,
)
from ..services import Payout, RewardError, available_choices, payout_split, reward_choose_payout
from ..statements import statement_context, statement_pdf, year_is_valid

REWARDS_PER_PAGE = 20


@dataclass(frozen=True)
class RewardRow:
    """A reward on the member's page; while it can be chosen, the form and what each
    choice would give."""

    reward: Reward
    form: PayoutChoiceForm | None = None
    preview: dict[str, Payout] | None = None


def choice_form(
    request: MemberRequest,
    reward: Reward,
    data: Any = None,
    *,
    choices: list[str] | None = None,
    charities: list[Charity] | None = None,
) -> PayoutChoiceForm:
    membership = request.membership
    initial = {"choice": reward.choice or Choice.KEEP, "charity": reward.charity_id or ""}
    if charities is None:
        charities = list(charities_of(tenant=membership.tenant, active_only=True))
    return PayoutChoiceForm(
        data,
        choices=choices if choices is not None else available_choices(member=membership),
        charities=charities,
        prefix=f"reward-{reward.pk}",
        initial=initial,
    )


def _render_mine(
    request: MemberRequest, *, bound: PayoutChoiceForm | None = None, status: int = 200
) -> HttpResponse:
    membership = request.membership
    page_obj = Paginator(rewards_of(member=membership), REWARDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    settings = payout_settings_for(tenant=membership.tenant)
    choices = available_choices(member=membership)
    charities = list(charities_of(tenant=membership.tenant, active_only=True))
    rows = []
    for reward in page_obj.object_list:
        if not reward.can_choose:
            rows.append(RewardRow(reward))
            continue
        same = bound is not None and bound.prefix == f"reward-{reward.pk}"
        form = bound if same else choice_form(request, reward, choices=choices, charities=charities)
        preview = {
            choice: payout_split(
                amount=reward.amount,
                choice=choice,
                top_up=settings.top_up_for(reward.currency),
                credits=settings.credits_per_reward,
            )
            for choice in Choice.values
        }
        rows.append(RewardRow(reward, form=form, preview=preview))
    return render(
        request,
        "rewards/mine.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "summary": reward_summary(member=membership),
            "payout_settings": settings,
            "charities": charities,
            "years": statement_years(member=membership),
            "querystring_base": "",
            "is_network": membership.tenant.mode == Tenant.Mode.NETWORK,
            "credit_balance": credit_balance(membership),
        },
        status=status,
    )


@member_required
@require_GET
def mine(request: MemberRequest) -> HttpResponse:
    return _render_mine(request)


@member_required
@require_POST
def choose(request: MemberRequest, reward_id: int) -> HttpResponse:
    membership = request.membership
    reward = access_own_reward(membership, reward_id)
    if not reward.can_choose:
        messages.error(request, _("This reward cannot be changed any more."))
        return redirect("rewards:mine")
    form = choice_form(request, reward, request.POST)
    if form.is_valid():
        try:
            reward = reward_choose_payout(
                reward=reward,
                member=membership,
                choice=form.cleaned_data["choice"],
                charity=form.cleaned_data.get("charity"),
            )
        except RewardError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _choice_message(reward))
            return redirect("rewards:mine")
    return _render_mine(request, bound=form, status=400)


def _choice_message(reward: Reward) -> str:
    charity = reward.charity.name if reward.charity else ""
    if reward.choice == Choice.CHARITY and reward.top_up:
        return _("Thank you: %(amount)s goes to %(charity)s, and the company adds %(top_up)s.") % {
            "amount": format_money(reward.charity_part, reward.currency),
            "charity": charity,
            "top_up": format_money(reward.top_up, reward.currency),
        }
    if reward.choice == Choice.CHARITY:
        return _("Thank you: %(amount)s goes to %(charity)s.") % {
            "amount": format_money(reward.charity_part, reward.currency),
            "charity": charity,
        }
    if reward.choice == Choice.SPLIT:
        return _("Noted: %(mine)s for you and %(theirs)s for %(charity)s.") % {
            "mine": format_money(reward.member_part, reward.currency),
            "theirs": format_money(reward.charity_part, reward.currency),
            "charity": charity,
        }
    if reward.choice == Choice.CREDITS:
        return _("Noted: %(credits)s job-ad credits.") % {"credits": reward.credits}
    return _("Noted: you keep %(amount)s.") % {
        "amount": format_money(reward.member_part, reward.currency)
    }


@member_required
@require_GET
def rules(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    return render(
        request,
        "rewards/rules.html",
        {
            "default_rule": tenant_default_rule(tenant=tenant),
            "overrides": jobs_with_own_rule(tenant=tenant),
            "payout_settings": payout_settings_for(tenant=tenant),
            "charities": charities_of(tenant=tenant, active_only=True),
        },
    )


@member_required
@require_GET
def tax_sheet(request: MemberRequest) -> HttpResponse:
    """The explanation sheet: rewards received must be declared to the tax authorities."""
    return render(
        request, "rewards/tax.html", {"years": statement_years(member=request.membership)}
    )


@member_required
@require_GET
def statement(request: MemberRequest, year: int) -> HttpResponse:
    if not year_is_valid(year):
        raise Http404
    membership = request.membership
    context = statement_context(member=membership, year=year)
    return render(request, "rewards/statement.html", {**context, "in_office": False})


@member_required
@require_GET
def statement_pdf_view(request: MemberRequest, year: int) -> HttpResponse:
    if not year_is_valid(year):
        raise Http404
    membership = request.membership
    return pdf_response(
        statement_pdf(
            tenant=membership.tenant, context=statement_context(member=membership, year=year)
        ),
        filename=f"rewards-{year}.pdf",
    )


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
