"""The candidate page and what a recruiter does from it (R4, R5).

Until the referred person confirms, the page shows only that a referral awaits
confirmation and who made it: no personal data, no forms (R3).
"""

from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopt.accounts.access import recruiter_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.lib.http import safe_next
from coopt.referrals.models import Qualification, Referral, Status
from coopt.referrals.selectors import (
    access_document,
    access_referral,
    access_visible_referral,
    qualification_of_referral,
)
from coopt.referrals.services import note_add, referral_set_status, referral_transfer
from coopt.referrals.services.pipeline import PipelineError
from coopt.referrals.services.qualification import qualifier_choices
from coopt.referrals.services.reads import candidate_viewed, document_open
from coopt.referrals.uploads import EXTENSIONS
from coopt.tenants.models import Tenant

from ..forms.pipeline import NoteForm, ReminderForm, StatusForm, TransferForm
from ..forms.qualification import AssessmentForm, AssignForm, DeclineForm, ForwardForm
from ..selectors import anonymous, candidate_file, referrer_label, transfer_targets


def qualification_forms(request: MemberRequest, referral: Referral) -> dict[str, Any]:
    """What the candidate page shows of the qualification: the operator's forms while the
    candidate waits; the decision and summary afterwards (the client sees the summary)."""
    if referral.tenant.mode != Tenant.Mode.NETWORK:
        return {}
    qualification = qualification_of_referral(referral)
    context: dict[str, Any] = {
        "qualification": qualification,
        "qualification_labels": {
            name: cast(models.Field, Qualification._meta.get_field(name)).verbose_name
            for name in ("fit", "motivation", "availability", "salary_expectation")
        },
    }
    undecided = referral.forwarded_at is None and (
        qualification is None or not qualification.decision
    )
    if request.membership.is_in_house_recruiter and undecided and referral.is_open:
        context.update(
            qualifying=True,
            assessment_form=AssessmentForm(
                instance=qualification, initial={"own_employer": referral.own_employer}
            ),
            forward_form=ForwardForm(
                initial={"summary": qualification.summary if qualification else ""}
            ),
            decline_form=DeclineForm(),
            assign_form=AssignForm(
                initial={"qualifier": qualification.assigned_to if qualification else None},
                qualifiers=qualifier_choices(tenant=referral.tenant),
            ),
        )
    return context


def render_candidate(
    request: MemberRequest, referral: Referral, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The candidate page; ``forms`` replaces blank forms with ones that carry errors."""
    if not referral.is_visible_to_recruiter:
        return render(
            request,
            "backoffice/candidates/awaiting.html",
            {"item": anonymous(referral, request.membership), "job": referral.job},
            status=status,
        )
    targets = transfer_targets(referral=referral, member=request.membership)
    movable = referral.status != Status.TRANSFERRED
    context = {
        "referral": referral,
        "referrer_name": referrer_label(referral, request.membership),
        "file": candidate_file(referral=referral),
        "movable": movable,
        "status_form": StatusForm(initial={"status": referral.status}),
        "transfer_form": TransferForm(targets=targets),
        "note_form": NoteForm(),
        "reminder_form": ReminderForm(),
        "has_targets": movable and targets.exists(),
        **qualification_forms(request, referral),
    }
    context.update(forms)
    return render(request, "backoffice/candidate.html", context, status=status)


def _back(request: MemberRequest, referral: Referral) -> HttpResponse:
    return redirect(safe_next(request) or referral.get_absolute_url())


@recruiter_required
@require_GET
def candidate(request: MemberRequest, referral_id: int) -> HttpResponse:
    referral = access_referral(request.membership, referral_id)
    candidate_viewed(referral=referral, actor=Actor.from_request(request))
    return render_candidate(request, referral)


@recruiter_required
@require_POST
def candidate_status(request: MemberRequest, referral_id: int) -> HttpResponse:
    referral = access_visible_referral(request.membership, referral_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render_candidate(request, referral, status=400, status_form=form)
    if form.cleaned_data["status"] == referral.status:
        messages.info(request, _("Nothing changed: this is already the status."))
        return _back(request, referral)
    try:
        referral_set_status(
            referral=referral,
            status=form.cleaned_data["status"],
            author=request.user,
            comment=form.cleaned_data["comment"],
        )
    except PipelineError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s. The candidate and the referrer are informed by e-mail.")
            % {"name": referral.full_name, "status": Status(form.cleaned_data["status"]).label},
        )
    return _back(request, referral)


@recruiter_required
@require_POST
def candidate_transfer(request: MemberRequest, referral_id: int) -> HttpResponse:
    referral = access_visible_referral(request.membership, referral_id)
    form = TransferForm(
        request.POST, targets=transfer_targets(referral=referral, member=request.membership)
    )
    if not form.is_valid():
        return render_candidate(request, referral, status=400, transfer_form=form)
    job = form.cleaned_data["job"]
    try:
        new = referral_transfer(referral=referral, job=job, author=request.user)
    except PipelineError as error:
        messages.error(request, str(error.message))
        return redirect(referral.get_absolute_url())
    messages.success(
        request,
        _("%(name)s was transferred to “%(job)s”.")
        % {"name": referral.full_name, "job": job.title},
    )
    return redirect(new.get_absolute_url())


@recruiter_required
@require_POST
def candidate_note(request: MemberRequest, referral_id: int) -> HttpResponse:
    referral = access_visible_referral(request.membership, referral_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_candidate(request, referral, status=400, note_form=form)
    try:
        note_add(referral=referral, author=request.user, body=form.cleaned_data["body"])
    except PipelineError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Note added."))
    return redirect(referral.get_absolute_url() + "#notes")


@recruiter_required
@require_GET
def document_download(request: MemberRequest, document_id: int) -> FileResponse:
    """A CV, as an attachment the browser never renders inline."""
    document = access_document(request.membership, document_id)
    try:
        handle = document_open(document=document, actor=Actor.from_request(request))
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        # Saved under the extension of what it is, whatever name it came with.
        filename=Path(document.original_name).stem + EXTENSIONS.get(document.content_type, ""),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
