"""Back office for admins: the point table, levels, contests (G1–G3)."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.lib.http import posted
from coopt.tenants.models import Tenant

from ..forms import ContestForm, LevelSettingsForm, PointTableForm
from ..levels import level_settings_of
from ..limits import point_settings_of
from ..models import LevelSettings
from ..selectors.contests import access_contest, contest_standings, contest_winners, contests_of
from ..selectors.points import point_values
from ..services import (
    ContestError,
    LevelSettingsError,
    contest_create,
    contest_delete,
    contest_update,
    level_settings_update,
    point_rules_update,
)


@admin_required
@require_http_methods(["GET", "POST"])
def point_table_edit(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = PointTableForm(
        posted(request),
        values=point_values(tenant=tenant),
        settings=point_settings_of(tenant_id=tenant.pk),
        network=tenant.mode == Tenant.Mode.NETWORK,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        point_rules_update(
            tenant_id=tenant.pk,
            visit_days_per_month=data.pop(PointTableForm.VISIT_DAYS),
            points=data,
            actor=Actor.from_request(request),
        )
        messages.success(request, _("The point table is saved."))
        return redirect("gamification:office_points")
    return render(request, "gamification/office/points.html", {"form": form})


@admin_required
@require_http_methods(["GET", "POST"])
def levels_edit(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    current = level_settings_of(tenant=tenant)
    # A copy: an invalid form must not change what the page shows as saved.
    instance = LevelSettings(
        **{f.attname: getattr(current, f.attname) for f in LevelSettings._meta.concrete_fields}
    )
    form = LevelSettingsForm(posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            level_settings_update(tenant=tenant, **data, actor=Actor.from_request(request))
        except LevelSettingsError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The levels are saved."))
            return redirect("gamification:office_levels")
    return render(request, "gamification/office/levels.html", {"form": form})


@admin_required
def contest_list(request: MemberRequest) -> HttpResponse:
    contests = contests_of(tenant=request.tenant).annotate(winner_count=Count("winners"))
    return render(request, "gamification/office/contests.html", {"contests": contests})


@admin_required
@require_http_methods(["GET", "POST"])
def contest_new(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = ContestForm(posted(request), tenant=tenant)
    if request.method == "POST" and form.is_valid():
        try:
            contest = contest_create(tenant=tenant, author=request.membership, **form.cleaned_data)
        except ContestError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The contest is created."))
            return redirect("gamification:office_contest", contest.pk)
    return render(request, "gamification/office/contest_form.html", {"form": form})


@admin_required
@require_http_methods(["GET", "POST"])
def contest_edit(request: MemberRequest, contest_id: int) -> HttpResponse:
    contest = access_contest(request.membership, contest_id)
    closed = contest.winners_computed_at is not None
    form = ContestForm(posted(request), instance=contest, tenant=request.tenant)
    if request.method == "POST" and closed:
        messages.error(request, _("This contest is over; its results can no longer change."))
        return redirect("gamification:office_contest", contest.pk)
    if request.method == "POST" and form.is_valid():
        try:
            contest_update(contest=contest, **form.cleaned_data)
        except ContestError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The contest is saved."))
            return redirect("gamification:office_contest", contest.pk)
    contest = access_contest(request.membership, contest_id)  # as saved, for the side panel
    return render(
        request,
        "gamification/office/contest_form.html",
        {
            "form": form,
            "contest": contest,
            "closed": closed,
            "standings": contest_standings(contest=contest, limit=10),
            "winners": contest_winners(contest=contest),
        },
    )


@admin_required
@require_POST
def contest_remove(request: MemberRequest, contest_id: int) -> HttpResponse:
    contest = access_contest(request.membership, contest_id)
    try:
        contest_delete(contest=contest)
    except ContestError as error:
        messages.error(request, str(error.message))
        return redirect("gamification:office_contest", contest.pk)
    messages.success(request, _("The contest is deleted."))
    return redirect("gamification:office_contests")
