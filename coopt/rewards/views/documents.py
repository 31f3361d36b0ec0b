"""Documents for admins (W5): the payroll export and any member's yearly statement."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.notifications.language import reader_language

from ..exports import Period, payroll_csv, payroll_rows, payroll_xlsx
from ..forms import ExportForm
from ..selectors import access_member
from ..statements import statement_context, statement_pdf, year_is_valid
from .member import pdf_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _this_month() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    start = today.replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following - datetime.timedelta(days=1)


@admin_required
@require_GET
def export(request: MemberRequest) -> HttpResponse:
    """The form (GET without a period) and the file (GET with one): a link can be bookmarked."""
    tenant = request.tenant
    start, end = _this_month()
    submitted = "start" in request.GET
    form = ExportForm(request.GET if submitted else None, initial={"start": start, "end": end})
    if submitted and form.is_valid():
        period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
        rows = payroll_rows(tenant=tenant, period=period, states=form.states)
        name = f"rewards-{tenant.slug}-{period.start.isoformat()}-{period.end.isoformat()}"
        if form.cleaned_data["format"] == "csv":
            response = HttpResponse(payroll_csv(rows), content_type="text/csv; charset=utf-8")
            filename = f"{name}.csv"
        else:
            response = HttpResponse(payroll_xlsx(rows, title=str(period.start)), content_type=XLSX)
            filename = f"{name}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request,
        "rewards/office/export.html",
        {"form": form},
        status=400 if submitted else 200,
    )


@admin_required
@require_GET
def member_statement(request: MemberRequest, member_id: int, year: int) -> HttpResponse:
    member = access_member(request.membership, member_id)
    if not year_is_valid(year):
        raise Http404
    context = statement_context(member=member, year=year)
    return render(request, "rewards/office/statement.html", {**context, "in_office": True})


@admin_required
@require_GET
def member_statement_pdf(request: MemberRequest, member_id: int, year: int) -> HttpResponse:
    member = access_member(request.membership, member_id)
    if not year_is_valid(year):
        raise Http404
    content = statement_pdf(
        tenant=request.tenant,
        context=statement_context(member=member, year=year),
        language=reader_language(member.user.language, member),
    )
    return pdf_response(content, filename=f"rewards-{member.pk}-{year}.pdf")
