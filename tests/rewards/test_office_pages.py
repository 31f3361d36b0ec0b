"""The back office: the ledger with filters and totals, payments, departures, settings."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coopt.rewards.models import Charity, PayoutSettings, Reward, RewardRule
from coopt.rewards.services import reward_mark_paid
from coopt.rewards.views import ledger

from .. import factories as f
from .helpers import add_charity, due_reward, hire, pending_reward, reward_of, set_rule

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def ledger_page(client: Client, **params: str | int) -> str:
    response = client.get(reverse("rewards:ledger"), params)
    assert response.status_code == 200
    return response.content.decode()


def rows(page: str) -> int:
    return page.count('data-testid="ledger-row"')


def test_the_ledger_filters_by_state_member_job_and_period(world):
    due = due_reward(world, amount="1000.00")
    pending = pending_reward(world, months=6)
    colleague = f.make_member(world.acme, email="colleague@acme.test")
    other_job = f.make_job(world.acme, title="Buyer")
    set_rule(world.acme, job=other_job, amount=Decimal("300.00"), currency="CHF")
    theirs = reward_of(hire(colleague, other_job, recruiter=world.recruiter))
    client = world.client_for(world.admin)
    assert rows(ledger_page(client)) == 3
    assert rows(ledger_page(client, state="due")) == 2
    assert rows(ledger_page(client, state="pending")) == 1
    assert rows(ledger_page(client, member=colleague.pk)) == 1
    assert rows(ledger_page(client, job=other_job.pk)) == 1
    later = pending.due_on.isoformat()
    page = ledger_page(client, start=later, end=later)
    assert rows(page) == 1 and f"R{pending.pk}<" in page
    page = ledger_page(client, end=timezone.localdate().isoformat())
    assert f"R{due.pk}<" in page and f"R{theirs.pk}<" in page
    assert f"R{pending.pk}<" not in page


def test_the_ledger_totals_each_state_per_currency(world):
    due_reward(world, amount="1000.00")
    due_reward(world, amount="500.00")
    due_reward(world, amount="200.00", currency="CHF")
    paid = due_reward(world, amount="750.00")
    reward_mark_paid(reward=paid, author=world.admin.user)
    page = ledger_page(world.client_for(world.admin))
    due_total = page.split('data-testid="total-due"')[1].split("</div>")[0]
    assert "1,500.00 EUR" in due_total and "200.00 CHF" in due_total
    assert "3 rewards" in due_total
    paid_total = page.split('data-testid="total-paid"')[1].split("</div>")[0]
    assert "750.00 EUR" in paid_total


def test_a_bad_filter_is_explained_and_the_ledger_still_shows(world):
    due_reward(world)
    page = ledger_page(world.client_for(world.admin), start="2026-05-01", end="2026-04-01")
    assert "The end of the period is before its start." in page
    assert rows(page) == 1


def test_the_ledger_is_paginated(world, monkeypatch):
    monkeypatch.setattr(ledger, "LEDGER_PER_PAGE", 2)
    for _n in range(3):
        due_reward(world)
    client = world.client_for(world.admin)
    first = ledger_page(client, state="due")
    assert rows(first) == 2
    assert "?state=due&amp;page=2" in first
    assert rows(ledger_page(client, state="due", page=2)) == 1


def test_the_ledger_costs_the_same_number_of_queries_for_many_rewards(world):
    client = world.client_for(world.admin)

    def queries() -> int:
        ledger_page(client)  # warm the session
        with CaptureQueriesContext(connection) as captured:
            ledger_page(client)
        return len(captured)

    due_reward(world)
    one = queries()
    for _n in range(5):
        due_reward(world)
    pending_reward(world)
    assert queries() == one


def test_recruiters_see_the_ledger_without_payment_buttons(world):
    due_reward(world)
    page = ledger_page(world.client_for(world.recruiter))
    assert rows(page) == 1
    assert "Mark paid" not in page
    assert 'data-select-all="rewards"' not in page
    admin_page = ledger_page(world.client_for(world.admin))
    assert "Mark paid" in admin_page and "data-confirm=" in admin_page


def test_bulk_payment_from_the_ledger(world):
    first, second, third = due_reward(world), due_reward(world), due_reward(world)
    response = world.client_for(world.admin).post(
        reverse("rewards:pay_bulk"),
        {"rewards": [first.pk, second.pk], "next": "/office/rewards/?state=due"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/office/rewards/?state=due"
    assert "2 marked as paid, 0 skipped." in response.content.decode()
    assert list(
        Reward.objects.filter(state="paid").order_by("pk").values_list("pk", flat=True)
    ) == [
        first.pk,
        second.pk,
    ]
    assert Reward.objects.get(pk=third.pk).state == "due"


def test_bulk_payment_with_nothing_selected_says_so(world):
    due_reward(world)
    response = world.client_for(world.admin).post(reverse("rewards:pay_bulk"), {}, follow=True)
    assert "Select the rewards to mark as paid." in response.content.decode()
    assert not Reward.objects.filter(state="paid").exists()


def test_bulk_payment_refuses_another_tenants_reward(world):
    due = due_reward(world)
    response = world.client_for(world.outsider).post(
        reverse("rewards:pay_bulk"), {"rewards": [due.pk]}, follow=True
    )
    assert "does not exist" in response.content.decode()
    assert Reward.objects.get(pk=due.pk).state == "due"


def test_paying_one_reward_and_paying_it_again(world):
    due = due_reward(world)
    client = world.client_for(world.admin)
    url = reverse("rewards:pay", args=[due.pk])
    assert "marked as paid" in client.post(url, follow=True).content.decode()
    assert "already paid" in client.post(url, follow=True).content.decode()
    assert Reward.objects.get(pk=due.pk).transitions.filter(to_state="paid").count() == 1


def test_another_tenants_admin_sees_none_of_these_rewards(world):
    reward = due_reward(world)
    client = world.client_for(world.outsider)
    ledger = client.get(reverse("rewards:ledger"))
    assert ledger.status_code == 200
    assert f"R{reward.pk}<" not in ledger.content.decode()
    export = client.get(
        reverse("rewards:export"),
        {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31", "scope": "due,paid", "format": "csv"},
    )
    assert export.content.decode("utf-8-sig").count("\n") == 1  # the header only


def test_the_detail_page_shows_the_history(world):
    due = due_reward(world)
    reward_mark_paid(reward=due, author=world.admin.user, reason="April payroll")
    page = world.client_for(world.recruiter).get(reverse("rewards:detail", args=[due.pk]))
    html = page.content.decode()
    history = html.split('data-testid="transitions"')[1].split("</ol>")[0]
    assert history.count("<li>") == 3  # hired, due, paid
    assert "April payroll" in html
    assert str(world.admin.user) in html
    assert "departure-form" not in html  # a paid reward cannot be cancelled


def test_recording_a_departure_through_the_page(world):
    pending = pending_reward(world, months=6)
    client = world.client_for(world.recruiter)
    url = reverse("rewards:departure", args=[pending.pk])
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(url, {"left_on": future, "reason": "Resigned"})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert 'value="Resigned"' in response.content.decode()  # nothing typed is lost
    assert Reward.objects.get(pk=pending.pk).state == "pending"
    response = client.post(url, {"left_on": "", "reason": ""})
    assert response.status_code == 400
    response = client.post(
        url, {"left_on": timezone.localdate().isoformat(), "reason": "Resigned"}, follow=True
    )
    assert "the reward is cancelled" in response.content.decode()
    assert Reward.objects.get(pk=pending.pk).state == "cancelled"


def test_the_admin_sets_the_default_reward(world):
    client = world.client_for(world.admin)
    data = {
        "kind": "cash",
        "amount": "500",
        "currency": "EUR",
        "amount_beginner": "500",
        "amount_confirmed": "750",
        "amount_expert": "1000",
        "probation_months": "6",
        "points": "0",
        "gift": "",
    }
    response = client.post(reverse("rewards:default_rule"), data)
    assert response.status_code == 302
    rule = RewardRule.objects.get(tenant=world.acme, job__isnull=True)
    assert (rule.amount_expert, rule.probation_months, rule.updated_by) == (
        Decimal("1000"),
        6,
        world.admin.user,
    )
    bad = client.post(reverse("rewards:default_rule"), {**data, "amount": "abc"})
    assert bad.status_code == 400
    assert "Enter a number." in bad.content.decode()
    assert RewardRule.objects.get(pk=rule.pk).amount == Decimal("500")


def test_the_recruiter_overrides_a_jobs_reward_starting_from_the_default(world):
    set_rule(world.acme, amount=Decimal("500.00"), probation_months=3)
    client = world.client_for(world.recruiter)
    url = reverse("rewards:job_rule", args=[world.job.pk])
    form = client.get(url).content.decode()
    assert 'value="500.00"' in form
    assert "follows the default reward" in form
    response = client.post(
        url,
        {
            "kind": "gift",
            "gift": "A bike",
            "amount": "0",
            "currency": "EUR",
            "probation_months": "0",
            "points": "0",
        },
    )
    assert response.status_code == 302
    assert RewardRule.objects.get(job=world.job).gift == "A bike"
    client.post(reverse("rewards:job_rule_delete", args=[world.job.pk]))
    assert not RewardRule.objects.filter(job=world.job).exists()


def test_the_admin_manages_charities_and_payout_options(world):
    client = world.client_for(world.admin)
    response = client.post(
        reverse("rewards:payout"),
        {
            "charity_top_up": "250.00",
            "top_up_currency": "EUR",
            "credits_enabled": "on",
            "credits_per_reward": "3",
            "sponsor_bonus": "300.00",
            "sponsor_bonus_currency": "EUR",
        },
    )
    assert response.status_code == 302
    settings = PayoutSettings.objects.get(tenant=world.acme)
    assert (settings.charity_top_up, settings.credits_enabled) == (Decimal("250.00"), True)
    assert settings.sponsor_bonus == Decimal("300.00")
    client.post(reverse("rewards:charity_create"), {"name": "Red Cross", "is_active": "on"})
    duplicate = client.post(reverse("rewards:charity_create"), {"name": "red cross"})
    assert duplicate.status_code == 400
    assert "already on the list" in duplicate.content.decode()
    charity = Charity.objects.get(tenant=world.acme)
    client.post(reverse("rewards:charity_edit", args=[charity.pk]), {"name": "Red Cross"})
    assert not Charity.objects.get(pk=charity.pk).is_active
    bad = client.post(reverse("rewards:payout"), {"charity_top_up": "-1", "top_up_currency": "EUR"})
    assert bad.status_code == 400


def test_the_export_downloads_csv_and_xlsx(world):
    world.member.employee_id = "E-7"
    world.member.save()
    add_charity(world.acme)
    due_reward(world, amount="750.00")
    client = world.client_for(world.admin)
    today = timezone.localdate().isoformat()
    params = {"start": today, "end": today, "scope": "due,paid"}
    response = client.get(reverse("rewards:export"), {**params, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:5] == ["Reference", "Member", "Employee id", "Amount", "Currency"]
    assert table[1][2:5] == ["E-7", "750.00", "EUR"]
    response = client.get(reverse("rewards:export"), {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["C2"].value == "E-7"
    assert sheet["D2"].value == 750


def test_a_bad_export_period_is_explained(world):
    response = world.client_for(world.admin).get(
        reverse("rewards:export"),
        {"start": "2026-05-01", "end": "2026-04-01", "scope": "paid", "format": "csv"},
    )
    assert response.status_code == 400
    assert "The end of the period is before its start." in response.content.decode()


def test_the_admin_reads_a_members_statement(world):
    reward = due_reward(world, amount="750.00")
    reward_mark_paid(reward=reward, author=world.admin.user)
    client = world.client_for(world.admin)
    page = client.get(reverse("rewards:member_statement", args=[world.member.pk, YEAR]))
    assert "750.00 EUR" in page.content.decode()
    assert world.member.display_name in page.content.decode()
    pdf = client.get(reverse("rewards:member_statement_pdf", args=[world.member.pk, YEAR]))
    assert pdf.content.startswith(b"%PDF")
