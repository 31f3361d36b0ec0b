"""Rewards: the tenant's ledger, read only (``rewards:read``)."""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from coopt.rewards.models import Reward, State
from coopt.rewards.selectors import access_reward, ledger

from ..auth import acting_member, require_scope
from ..models import Scope
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, page_body, paginate
from .common import READ_ERRORS, Id, InputSchema

router = Router(tags=["rewards"])


class RewardOut(Schema):
    id: int
    referral_id: int
    job_id: int
    member_id: int
    member_name: str
    milestone: str
    kind: str
    amount: Decimal
    currency: str
    points: int
    gift: str
    state: str
    hired_on: datetime.date
    due_on: datetime.date
    paid_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    choice: str


class RewardPage(Schema):
    results: list[RewardOut]
    next: str | None


class RewardFilters(InputSchema):
    state: State | None = None
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT


def reward_out(reward: Reward) -> dict[str, Any]:
    return RewardOut(
        id=reward.pk,
        referral_id=reward.referral_id,
        job_id=reward.referral.job_id,
        member_id=reward.member_id,
        member_name=reward.member.display_name,
        milestone=reward.milestone,
        kind=reward.kind,
        amount=reward.amount,
        currency=reward.currency,
        points=reward.points,
        gift=reward.gift,
        state=reward.state,
        hired_on=reward.hired_on,
        due_on=reward.due_on,
        paid_at=reward.paid_at,
        cancelled_at=reward.cancelled_at,
        choice=reward.choice,
    ).model_dump(mode="json")


@router.get("/rewards", response={200: RewardPage, **READ_ERRORS}, summary="List rewards")
def list_rewards(request: HttpRequest, filters: Query[RewardFilters]) -> Any:
    require_scope(request, Scope.REWARDS_READ)
    member = acting_member(request)
    rewards = ledger(tenant=member.tenant, state=filters.state or "")
    page, next_url = paginate(request, rewards, cursor=filters.cursor, limit=filters.limit)
    return page_body([reward_out(r) for r in page], next_url)


@router.get("/rewards/{reward_id}", response={200: RewardOut, **READ_ERRORS}, summary="Read one")
def read_reward(request: HttpRequest, reward_id: Id) -> Any:
    require_scope(request, Scope.REWARDS_READ)
    return reward_out(access_reward(acting_member(request), reward_id))
