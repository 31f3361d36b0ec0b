"""Who may use each rewards page and action.

Members see their own rewards and the rules; recruiters (and admins) see the ledger,
record departures and set a job's reward; only admins pay, export, set the default
reward and the payout options, and read anyone's statement. Another tenant's user
gets 404 on this tenant's objects and cannot use this tenant's host at all;
anonymous visitors are sent to sign in.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.rewards.models import Charity, PayoutSettings, Reward, RewardRule

from ..conftest import ACME_HOST
from .helpers import add_charity, due_reward, pending_reward

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@dataclass
class Objects:
    reward: Reward  # due
    pending: Reward
    job: Job
    charity: Charity
    member: Membership


def acme_objects(world) -> Objects:  # type: ignore[no-untyped-def]
    return Objects(
        reward=due_reward(world),
        pending=pending_reward(world),
        job=world.job,
        charity=add_charity(world.acme),
        member=world.member,
    )


RULE = {"kind": "cash", "amount": "900", "currency": "EUR", "probation_months": "3", "points": "0"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str = "get"
    args: Callable[[Objects], list[Any]] = lambda o: []
    data: Callable[[Objects], dict[str, Any]] | None = None
    has_object: bool = False

    def url(self, objects: Objects) -> str:
        return reverse(f"rewards:{self.name}", args=self.args(objects))

    def call(self, client, objects: Objects):  # type: ignore[no-untyped-def]
        data = self.data(objects) if self.data else {}
        return getattr(client, self.method)(self.url(objects), data)

    def __str__(self) -> str:
        return f"{self.method}-{self.name}"


MEMBER = [
    Endpoint("mine"),
    Endpoint("rules"),
    Endpoint("statement", args=lambda o: [YEAR]),
    Endpoint("statement_pdf", args=lambda o: [YEAR]),
]
OWN_REWARD = Endpoint(
    "choose",
    "post",
    lambda o: [o.reward.pk],
    lambda o: {f"reward-{o.reward.pk}-choice": "keep"},
    has_object=True,
)
RECRUITER = [
    Endpoint("ledger"),
    Endpoint("detail", args=lambda o: [o.reward.pk], has_object=True),
    Endpoint(
        "departure",
        "post",
        lambda o: [o.pending.pk],
        lambda o: {"left_on": o.pending.hired_on.isoformat(), "reason": "Resigned"},
        has_object=True,
    ),
    Endpoint("job_rule", args=lambda o: [o.job.pk], has_object=True),
    Endpoint("job_rule", "post", lambda o: [o.job.pk], lambda o: RULE, has_object=True),
    Endpoint("job_rule_delete", "post", lambda o: [o.job.pk], has_object=True),
]
ADMIN = [
    Endpoint("pay", "post", lambda o: [o.reward.pk], has_object=True),
    Endpoint("pay_bulk", "post", data=lambda o: {"rewards": [o.reward.pk]}),
    Endpoint("default_rule"),
    Endpoint("default_rule", "post", data=lambda o: RULE),
    Endpoint("payout"),
    Endpoint(
        "payout",
        "post",
        data=lambda o: {
            "charity_top_up": "250",
            "top_up_currency": "EUR",
            "credits_per_reward": "3",
        },
    ),
    Endpoint("charity_create", "post", data=lambda o: {"name": "Food bank", "is_active": "on"}),
    Endpoint("charity_edit", args=lambda o: [o.charity.pk], has_object=True),
    Endpoint(
        "charity_edit",
        "post",
        lambda o: [o.charity.pk],
        lambda o: {"name": "Renamed"},
        has_object=True,
    ),
    Endpoint("export"),
    Endpoint(
        "export",
        data=lambda o: {
            "start": f"{YEAR}-01-01",
            "end": f"{YEAR}-12-31",
            "scope": "due,paid",
            "format": "csv",
        },
    ),
    Endpoint("member_statement", args=lambda o: [o.member.pk, YEAR], has_object=True),
    Endpoint("member_statement_pdf", args=lambda o: [o.member.pk, YEAR], has_object=True),
]
OFFICE = RECRUITER + ADMIN
EVERYTHING = MEMBER + [OWN_REWARD] + OFFICE
WITH_OBJECT = [e for e in EVERYTHING if e.has_object]


def is_sign_in(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def snapshot(objects: Objects) -> tuple[object, ...]:
    reward = Reward.objects.get(pk=objects.reward.pk)
    charity = Charity.objects.get(pk=objects.charity.pk)
    return (
        reward.state,
        Reward.objects.get(pk=objects.pending.pk).state,
        reward.choice,
        charity.name,
        RewardRule.objects.count(),
        Charity.objects.count(),
        PayoutSettings.objects.count(),
    )


@pytest.mark.parametrize("persona", ["member", "expert", "recruiter", "admin"])
@pytest.mark.parametrize("endpoint", MEMBER, ids=str)
def test_every_signed_in_member_may_see_their_own_pages(world, endpoint, persona):
    objects = acme_objects(world)
    response = endpoint.call(world.client_for(getattr(world, persona)), objects)
    assert response.status_code == 200


def test_the_member_chooses_for_their_own_reward(world):
    objects = acme_objects(world)
    response = OWN_REWARD.call(world.client_for(world.member), objects)
    assert response.status_code == 302
    assert Reward.objects.get(pk=objects.reward.pk).choice == "keep"


@pytest.mark.parametrize("persona", ["expert", "admin"])
def test_nobody_else_may_choose_for_a_members_reward(world, persona):
    objects = acme_objects(world)
    response = OWN_REWARD.call(world.client_for(getattr(world, persona)), objects)
    assert response.status_code == 404
    assert Reward.objects.get(pk=objects.reward.pk).choice == ""


@pytest.mark.parametrize("persona", ["recruiter", "admin"])
@pytest.mark.parametrize("endpoint", RECRUITER, ids=str)
def test_recruiters_and_admins_may_use_the_ledger(world, endpoint, persona):
    objects = acme_objects(world)
    response = endpoint.call(world.client_for(getattr(world, persona)), objects)
    assert response.status_code in (200, 302), response.content[:500]
    if response.status_code == 302:
        assert response["Location"].startswith("/office/")


@pytest.mark.parametrize("endpoint", ADMIN, ids=str)
def test_admins_may_pay_export_and_configure(world, endpoint):
    objects = acme_objects(world)
    response = endpoint.call(world.client_for(world.admin), objects)
    assert response.status_code in (200, 302), response.content[:500]
    if response.status_code == 302:
        assert response["Location"].startswith("/office/")


@pytest.mark.parametrize("endpoint", ADMIN, ids=str)
def test_a_recruiter_gets_403_on_admin_actions(world, endpoint):
    objects = acme_objects(world)
    before = snapshot(objects)
    response = endpoint.call(world.client_for(world.recruiter), objects)
    assert response.status_code == 403
    assert snapshot(objects) == before


@pytest.mark.parametrize("persona", ["member", "expert"])
@pytest.mark.parametrize("endpoint", OFFICE, ids=str)
def test_members_get_403_in_the_back_office(world, endpoint, persona):
    objects = acme_objects(world)
    before = snapshot(objects)
    response = endpoint.call(world.client_for(getattr(world, persona)), objects)
    assert response.status_code == 403
    assert snapshot(objects) == before


@pytest.mark.parametrize("endpoint", EVERYTHING, ids=str)
def test_anonymous_visitors_are_sent_to_sign_in(world, endpoint):
    objects = acme_objects(world)
    assert is_sign_in(endpoint.call(world.client_for(None), objects))


@pytest.mark.parametrize("endpoint", WITH_OBJECT, ids=str)
def test_other_tenant_gets_404(world, endpoint):
    objects = acme_objects(world)
    before = snapshot(objects)
    response = endpoint.call(world.client_for(world.outsider), objects)
    assert response.status_code == 404
    assert snapshot(objects) == before


def test_the_outsider_sees_only_their_own_tenants_ledger(world):
    objects = acme_objects(world)
    response = world.client_for(world.outsider).get(reverse("rewards:ledger"))
    assert response.status_code == 200
    assert f"R{objects.reward.pk}<" not in response.content.decode()
    export = world.client_for(world.outsider).get(
        reverse("rewards:export"),
        {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31", "scope": "due,paid", "format": "csv"},
    )
    assert export.content.decode("utf-8-sig").count("\n") == 1  # the header only


@pytest.mark.parametrize("endpoint", EVERYTHING, ids=str)
def test_a_user_of_another_tenant_cannot_use_this_host(world, endpoint):
    objects = acme_objects(world)
    client = world.client_for(world.outsider, host=ACME_HOST)
    response = endpoint.call(client, objects)
    assert is_sign_in(response)
    assert "_auth_user_id" not in client.session


def test_a_year_outside_the_range_is_404(world):
    client = world.client_for(world.member)
    assert client.get(reverse("rewards:statement", args=[1999])).status_code == 404
    future = (timezone.localdate() + dt.timedelta(days=400)).year
    assert client.get(reverse("rewards:statement_pdf", args=[future])).status_code == 404
