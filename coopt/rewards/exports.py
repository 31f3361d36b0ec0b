"""The payroll export (W5): one row per cash reward due or paid in a period, CSV or XLSX."""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from coopt.tenants.models import Tenant

from .models import Choice, Reward, State
from .selectors import payroll_rewards

COLUMNS = [
    ("reference", _("Reference")),
    ("member", _("Member")),
    ("employee_id", _("Employee id")),
    ("amount", _("Amount")),
    ("currency", _("Currency")),
    ("choice", _("Choice")),
    ("member_part", _("Member part")),
    ("charity_part", _("Charity part")),
    ("charity", _("Charity")),
    ("top_up", _("Top-up")),
    ("credits", _("Job-ad credits")),
    ("period", _("Period")),
    ("state", _("State")),
    ("due_on", _("Due on")),
    ("paid_on", _("Paid on")),
]
MONEY_COLUMNS = {"amount", "member_part", "charity_part", "top_up"}
DATE_COLUMNS = {"due_on", "paid_on"}
# A spreadsheet runs a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __str__(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def headers() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


def row_for(reward: Reward, period: Period) -> dict[str, object]:
    member_part, charity_part = reward.parts
    paid_on = timezone.localdate(reward.paid_at) if reward.paid_at else None
    return {
        "reference": f"R{reward.pk}",
        "member": reward.member.display_name,
        "employee_id": reward.member.employee_id,
        "amount": reward.amount,
        "currency": reward.currency,
        "choice": str(Choice(reward.choice).label) if reward.choice else "",
        "member_part": member_part,
        "charity_part": charity_part,
        "charity": reward.charity.name if reward.charity else "",
        "top_up": reward.top_up,
        "credits": reward.credits,
        "period": str(period),
        "state": str(State(reward.state).label),
        "due_on": reward.due_on,
        "paid_on": paid_on,
    }


def payroll_rows(*, tenant: Tenant, period: Period, states: list[str]) -> list[dict[str, object]]:
    rewards = payroll_rewards(tenant=tenant, start=period.start, end=period.end, states=states)
    return [row_for(reward, period) for reward in rewards]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def payroll_csv(rows: list[dict[str, object]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read accents right;
    amounts with a dot and two decimals, dates in ISO form: what payroll tools import."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_text(row[key]) for key, _label in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def payroll_xlsx(rows: list[dict[str, object]], *, title: str) -> bytes:
    """Amounts as numbers with two decimals and dates as dates, ready to sum."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values: list[object] = []
        for key, _label in COLUMNS:
            value = row[key]
            if key not in MONEY_COLUMNS | DATE_COLUMNS and key != "credits":
                value = _text(value)
            values.append(value)
        sheet.append(values)
    for index, (key, _label) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        if key in MONEY_COLUMNS:
            for cell in sheet[letter][1:]:
                cell.number_format = "#,##0.00"
        elif key in DATE_COLUMNS:
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
        sheet.column_dimensions[letter].width = max(12, len(headers()[index - 1]) + 2)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
