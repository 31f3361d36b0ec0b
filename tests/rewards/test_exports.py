"""Payroll export (CSV, XLSX) and yearly statements (HTML, PDF) (W5)."""

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import NoReturn

import pytest
import time_machine
from openpyxl import load_workbook

from coopt.rewards.exports import Period, payroll_csv, payroll_rows, payroll_xlsx
from coopt.rewards.models import Choice, Reward
from coopt.rewards.services import reward_choose_payout, reward_mark_paid
from coopt.rewards.statements import statement_context, statement_pdf

from ..conftest import World
from .helpers import add_charity, due_reward, pending_reward, set_payout

pytestmark = pytest.mark.django_db

PARIS = dt.timezone(dt.timedelta(hours=2))
HEADERS = [
    "Reference",
    "Member",
    "Employee id",
    "Amount",
    "Currency",
    "Choice",
    "Member part",
    "Charity part",
    "Charity",
    "Top-up",
    "Job-ad credits",
    "Period",
    "State",
    "Due on",
    "Paid on",
]
APRIL = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30))


@pytest.fixture
def ledger(world: World) -> dict[str, Reward]:
    """In April 2026: a reward split with a charity and paid, one given whole (due), one
    pending; the member has an employee id."""
    world.member.employee_id = "E-042"
    world.member.save()
    charity = add_charity(world.acme, "Red Cross")
    set_payout(world.acme, charity_top_up=Decimal("250.00"))
    with time_machine.travel(dt.datetime(2026, 4, 10, 10, 0, tzinfo=PARIS)):
        split = due_reward(world, amount="750.01")
        reward_choose_payout(
            reward=split, member=world.member, choice=Choice.SPLIT, charity=charity
        )
        reward_mark_paid(reward=split, author=world.admin.user)
        given = due_reward(world, amount="1000.00")
        reward_choose_payout(
            reward=given, member=world.member, choice=Choice.CHARITY, charity=charity
        )
        pending_reward(world, months=6)
    return {"split": split, "given": given}


def test_the_csv_has_the_payroll_columns_and_exact_amounts(world, ledger):
    rows = payroll_rows(tenant=world.acme, period=APRIL, states=["due", "paid"])
    content = payroll_csv(rows)
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == HEADERS
    assert len(table) == 3  # the pending reward is not in payroll
    by_ref = {row[0]: dict(zip(HEADERS, row, strict=True)) for row in table[1:]}
    split = by_ref[f"R{ledger['split'].pk}"]
    assert split["Member"] == world.member.display_name
    assert split["Employee id"] == "E-042"
    assert (split["Amount"], split["Member part"], split["Charity part"]) == (
        "750.01",
        "375.01",
        "375.00",
    )
    assert (split["Currency"], split["Charity"], split["State"]) == ("EUR", "Red Cross", "Paid")
    assert split["Period"] == "2026-04-01/2026-04-30"
    assert split["Paid on"] == "2026-04-10"
    given = by_ref[f"R{ledger['given'].pk}"]
    assert (given["Member part"], given["Charity part"], given["Top-up"], given["State"]) == (
        "0.00",
        "1000.00",
        "250.00",
        "Due",
    )


def test_the_xlsx_reads_back_with_numbers_and_dates(world, ledger):
    rows = payroll_rows(tenant=world.acme, period=APRIL, states=["paid"])
    book = load_workbook(io.BytesIO(payroll_xlsx(rows, title="2026-04")))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    assert len(values) == 2
    row = dict(zip(HEADERS, values[1], strict=True))
    assert row["Amount"] == pytest.approx(750.01)
    assert str(Decimal(str(row["Member part"]))) == "375.01"
    assert row["Charity part"] == 375
    assert row["Employee id"] == "E-042"
    assert row["Paid on"].date() == dt.date(2026, 4, 10)
    assert sheet["D2"].number_format == "#,##0.00"


def test_the_period_selects_by_payment_or_due_date(world, ledger):
    may = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    assert payroll_rows(tenant=world.acme, period=may, states=["due", "paid"]) == []
    assert payroll_rows(tenant=world.globex, period=APRIL, states=["due", "paid"]) == []


def test_a_name_that_looks_like_a_formula_is_neutralised(world, ledger):
    world.member.user.first_name = "=HYPERLINK(1)"
    world.member.user.save()
    rows = payroll_rows(tenant=world.acme, period=APRIL, states=["paid"])
    table = list(csv.reader(io.StringIO(payroll_csv(rows).decode("utf-8-sig"))))
    assert table[1][1].startswith("'=")


def test_the_statement_lists_the_rewards_paid_in_the_year(world, ledger):
    context = statement_context(member=world.member, year=2026)
    assert [r.pk for r in context["rewards"]] == [ledger["split"].pk]
    assert context["sums"]["EUR"]["member_part"] == Decimal("375.01")
    assert statement_context(member=world.member, year=2025)["rewards"] == []


def test_the_statement_pdf_is_a_pdf_with_no_outside_fetch(world, ledger, monkeypatch):
    import urllib.request

    def no_network(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("the PDF must not fetch anything")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    pdf = statement_pdf(
        tenant=world.acme, context=statement_context(member=world.member, year=2026)
    )
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000
