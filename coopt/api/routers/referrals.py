"""Referrals and candidates: list, read, move in the pipeline, add a note
(``referrals:read``, ``referrals:write``).

Until the referred person confirms, a referral shows what the back office shows: that it
awaits confirmation, for which job and from whom, nothing of the person (R3); it cannot be
moved nor noted (404, as on the pages). Reading one is recorded in the audit log, as
opening the candidate page is.
"""

import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from coopt.accounts.models import Membership
from coopt.accounts.pseudonyms import referrer_pseudonym
from coopt.referrals.models import Referral, Status
from coopt.referrals.selectors import access_referral, access_visible_referral, referrals_in_reach
from coopt.referrals.services.pipeline import PipelineError
from coopt.referrals.services.reads import candidate_viewed

from ..auth import acting_member, api_actor, require_scope
from ..idempotency import replayable
from ..models import Scope
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, page_body, paginate
from ..problems import ApiProblem
from ..writes import api_note_add, api_referral_move
from .common import READ_ERRORS, WRITE_ERRORS, Id, InputSchema, updated_since

router = Router(tags=["referrals"])


class CandidateOut(Schema):
    """The referred person, once they confirmed."""

    first_name: str
    last_name: str
    email: str
    phone: str
    current_employer: str
    relationship: str
    motivation: str
    language: str


class ReferralOut(Schema):
    id: int
    job_id: int
    job_title: str
    consent: str
    confirmed: bool = Field(description="False until the person confirms: no personal data.")
    referrer_name: str
    created_at: datetime.datetime
    status: str | None = Field(description="Null until the person confirms.")
    source: str | None
    updated_at: datetime.datetime | None
    transferred_to_id: int | None
    candidate: CandidateOut | None


class ReferralPage(Schema):
    results: list[ReferralOut]
    next: str | None


class ReferralFilters(InputSchema):
    status: Status | None = None
    job: Id | None = None
    updated_since: datetime.datetime | None = None
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT


class MoveIn(InputSchema):
    status: Status
    comment: Annotated[str, Field(max_length=300)] = ""


class NoteIn(InputSchema):
    body: Annotated[str, Field(min_length=1, max_length=10_000)]


class NoteOut(Schema):
    id: int
    referral_id: int
    body: str
    created_at: datetime.datetime


def _referrer_name(referral: Referral, viewer: Membership) -> str:
    """As the back office names them: a client company's recruiter reads a pseudonym."""
    referrer = referral.referrer
    if referrer is None:
        return ""
    if viewer.client_id is None:
        return referrer.display_name
    return referrer_pseudonym(referrer)


def referral_out(referral: Referral, viewer: Membership) -> dict[str, Any]:
    common: dict[str, Any] = {
        "id": referral.pk,
        "job_id": referral.job_id,
        "job_title": referral.job.title,
        "consent": referral.consent,
        "referrer_name": _referrer_name(referral, viewer),
        "created_at": referral.created_at,
    }
    if not referral.is_visible_to_recruiter:
        out = ReferralOut(
            **common,
            confirmed=False,
            status=None,
            source=None,
            updated_at=None,
            transferred_to_id=None,
            candidate=None,
        )
        return out.model_dump(mode="json")
    candidate = CandidateOut(
        first_name=referral.first_name,
        last_name=referral.last_name,
        email=referral.email,
        phone=referral.phone,
        current_employer=referral.current_employer,
        relationship=referral.relationship,
        motivation=referral.motivation,
        language=referral.language,
    )
    out = ReferralOut(
        **common,
        confirmed=True,
        status=referral.status,
        source=referral.source,
        updated_at=referral.updated_at,
        transferred_to_id=referral.transferred_to_id,
        candidate=candidate,
    )
    return out.model_dump(mode="json")


@router.get("/referrals", response={200: ReferralPage, **READ_ERRORS}, summary="List referrals")
def list_referrals(request: HttpRequest, filters: Query[ReferralFilters]) -> Any:
    """Filtering on ``status`` keeps confirmed people only (the others have none to show)."""
    require_scope(request, Scope.REFERRALS_READ)
    member = acting_member(request)
    referrals: QuerySet[Referral] = referrals_in_reach(member)
    if filters.status:
        referrals = referrals_in_reach(member).visible_to_recruiter().filter(status=filters.status)
    if filters.job:
        referrals = referrals.filter(job_id=filters.job)
    referrals = updated_since(referrals, filters.updated_since).select_related(
        "job", "referrer__user"
    )
    page, next_url = paginate(request, referrals, cursor=filters.cursor, limit=filters.limit)
    return page_body([referral_out(r, member) for r in page], next_url)


@router.get(
    "/referrals/{referral_id}", response={200: ReferralOut, **READ_ERRORS}, summary="Read one"
)
def read_referral(request: HttpRequest, referral_id: Id) -> Any:
    require_scope(request, Scope.REFERRALS_READ)
    member = acting_member(request)
    referral = access_referral(member, referral_id)
    candidate_viewed(referral=referral, actor=api_actor(request))
    return referral_out(referral, member)


@router.post(
    "/referrals/{referral_id}/status",
    response={200: ReferralOut, **WRITE_ERRORS},
    summary="Move a candidate in the pipeline",
)
def move_referral(request: HttpRequest, referral_id: Id, payload: MoveIn) -> Any:
    """The candidate and the referrer are told by e-mail, as from the back office."""
    require_scope(request, Scope.REFERRALS_WRITE)
    member = acting_member(request)
    referral = access_visible_referral(member, referral_id)

    def run() -> tuple[int, dict[str, Any]]:
        try:
            moved = api_referral_move(
                referral=referral,
                member=member,
                status=payload.status,
                comment=payload.comment,
                actor=api_actor(request),
            )
        except PipelineError as refused:
            raise ApiProblem(409, str(refused.message), kind="pipeline") from refused
        return 200, referral_out(access_referral(member, moved.pk), member)

    return replayable(request, run)


@router.post(
    "/referrals/{referral_id}/notes",
    response={201: NoteOut, **WRITE_ERRORS},
    summary="Add a note on a candidate",
)
def add_note(request: HttpRequest, referral_id: Id, payload: NoteIn) -> Any:
    require_scope(request, Scope.REFERRALS_WRITE)
    member = acting_member(request)
    referral = access_visible_referral(member, referral_id)
    if not payload.body.strip():
        raise ApiProblem(422, "body: write something.", kind="validation")

    def run() -> tuple[int, dict[str, Any]]:
        try:
            note = api_note_add(
                referral=referral, member=member, body=payload.body, actor=api_actor(request)
            )
        except PipelineError as refused:
            raise ApiProblem(409, str(refused.message), kind="pipeline") from refused
        out = NoteOut(
            id=note.pk, referral_id=referral.pk, body=note.body, created_at=note.created_at
        )
        return 201, out.model_dump(mode="json")

    return replayable(request, run)
