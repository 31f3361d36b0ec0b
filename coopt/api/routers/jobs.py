"""Jobs: list, read, create, update, publish, close (scopes ``jobs:read``, ``jobs:write``).

The token reaches the jobs its creator reaches in the back office (``jobs_in_reach``)."""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from coopt.jobs.models import ContractType, Job
from coopt.jobs.selectors import access_job, jobs_in_reach
from coopt.jobs.services import JobTransitionError
from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import active_tags

from ..auth import acting_member, api_actor, require_scope
from ..idempotency import replayable
from ..models import Scope
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, page_body, paginate
from ..problems import ApiProblem
from ..writes import api_job_create, api_job_set_status, api_job_update
from .common import READ_ERRORS, WRITE_ERRORS, Id, InputSchema, updated_since

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    title: str
    description: str
    status: str
    contract_type: str
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    reward_note: str
    job_family_id: int | None
    sector_id: int | None
    location_ids: list[int]
    closes_on: datetime.date | None
    external_id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    published_at: datetime.datetime | None
    closed_at: datetime.datetime | None


class JobPage(Schema):
    results: list[JobOut]
    next: str | None = Field(description="The URL of the next page; null on the last one.")


Title = Annotated[str, Field(min_length=1, max_length=200)]
Salary = Annotated[int, Field(ge=0, le=100_000_000)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class JobIn(InputSchema):
    title: Title
    description: str = ""
    contract_type: ContractType = ContractType.PERMANENT
    salary_min: Salary | None = None
    salary_max: Salary | None = None
    salary_currency: Currency = "EUR"
    reward_note: Annotated[str, Field(max_length=200)] = ""
    job_family_id: Id | None = None
    sector_id: Id | None = None
    location_ids: list[Id] = []
    closes_on: datetime.date | None = None
    external_id: Annotated[str, Field(max_length=120)] = ""


class JobPatch(InputSchema):
    title: Title | None = None
    description: str | None = None
    contract_type: ContractType | None = None
    salary_min: Salary | None = None
    salary_max: Salary | None = None
    salary_currency: Currency | None = None
    reward_note: Annotated[str, Field(max_length=200)] | None = None
    job_family_id: Id | None = None
    sector_id: Id | None = None
    location_ids: list[Id] | None = None
    closes_on: datetime.date | None = None
    external_id: Annotated[str, Field(max_length=120)] | None = None


class JobFilters(InputSchema):
    status: Job.Status | None = None
    job_family: Id | None = None
    location: Id | None = None
    updated_since: datetime.datetime | None = None
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT


def job_out(job: Job) -> dict[str, Any]:
    return JobOut(
        id=job.pk,
        title=job.title,
        description=job.description,
        status=job.status,
        contract_type=job.contract_type,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        salary_currency=job.salary_currency,
        reward_note=job.reward_note,
        job_family_id=job.job_family_id,
        sector_id=job.sector_id,
        location_ids=sorted(tag.pk for tag in job.locations.all()),
        closes_on=job.closes_on,
        external_id=job.external_id,
        created_at=job.created_at,
        updated_at=job.updated_at,
        published_at=job.published_at,
        closed_at=job.closed_at,
    ).model_dump(mode="json")


def _invalid(field: str, message: str) -> ApiProblem:
    return ApiProblem(422, f"{field}: {message}", kind="validation")


def _tag(request: HttpRequest, tag_id: int | None, kind: str, field: str) -> Tag | None:
    if tag_id is None:
        return None
    tag = active_tags(acting_member(request).tenant, kind).filter(pk=tag_id).first()
    if tag is None:
        raise _invalid(field, "no such tag of this kind here.")
    return tag


def _locations(request: HttpRequest, ids: list[int] | None) -> list[Tag] | None:
    if ids is None:
        return None
    tags = list(
        active_tags(acting_member(request).tenant, Tag.Kind.LOCATION).filter(pk__in=set(ids))
    )
    if len(tags) != len(set(ids)):
        raise _invalid("location_ids", "no such location here.")
    return tags


def _content(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """The fields as the service takes them: tags of the tenant, a coherent salary band."""
    fields = dict(data)
    for name, kind in (("job_family", Tag.Kind.FAMILY), ("sector", Tag.Kind.SECTOR)):
        if f"{name}_id" in fields:
            fields[name] = _tag(request, fields.pop(f"{name}_id"), kind, f"{name}_id")
    if "contract_type" in fields and fields["contract_type"] is not None:
        fields["contract_type"] = str(fields["contract_type"])
    return fields


def _check_closing_date(fields: dict[str, Any], job: Job | None = None) -> None:
    """A new closing date is today or later (one already past may stay as it was)."""
    closes_on = fields.get("closes_on")
    changed = job is None or closes_on != job.closes_on
    if closes_on is not None and changed and closes_on < timezone.localdate():
        raise _invalid("closes_on", "the closing date cannot be in the past.")


def _check_salary(low: int | None, high: int | None) -> None:
    if low is not None and high is not None and low > high:
        raise _invalid("salary_max", "the upper end of the band is below the lower end.")


def _reloaded(request: HttpRequest, job_id: Id) -> Job:
    return access_job(acting_member(request), job_id)


@router.get("/jobs", response={200: JobPage, **READ_ERRORS}, summary="List jobs")
def list_jobs(request: HttpRequest, filters: Query[JobFilters]) -> Any:
    """Jobs of every status, newest first; ``updated_since`` is an ISO 8601 moment."""
    require_scope(request, Scope.JOBS_READ)
    jobs = jobs_in_reach(acting_member(request))
    if filters.status:
        jobs = jobs.filter(status=filters.status)
    if filters.job_family:
        jobs = jobs.filter(job_family_id=filters.job_family)
    if filters.location:
        jobs = jobs.filter(locations__id=filters.location)
    jobs = updated_since(jobs, filters.updated_since).prefetch_related("locations")
    page, next_url = paginate(request, jobs, cursor=filters.cursor, limit=filters.limit)
    return page_body([job_out(job) for job in page], next_url)


@router.get("/jobs/{job_id}", response={200: JobOut, **READ_ERRORS}, summary="Read a job")
def read_job(request: HttpRequest, job_id: Id) -> Any:
    require_scope(request, Scope.JOBS_READ)
    return job_out(_reloaded(request, job_id))


@router.post("/jobs", response={201: JobOut, **WRITE_ERRORS}, summary="Create a draft job")
def create_job(request: HttpRequest, payload: JobIn) -> Any:
    require_scope(request, Scope.JOBS_WRITE)
    member = acting_member(request)
    data = payload.model_dump()
    locations = _locations(request, data.pop("location_ids"))
    fields = _content(request, data)
    _check_salary(fields.get("salary_min"), fields.get("salary_max"))
    _check_closing_date(fields)

    def run() -> tuple[int, dict[str, Any]]:
        job = api_job_create(member=member, actor=api_actor(request), locations=locations, **fields)
        return 201, job_out(_reloaded(request, job.pk))

    return replayable(request, run)


@router.patch("/jobs/{job_id}", response={200: JobOut, **WRITE_ERRORS}, summary="Change a job")
def update_job(request: HttpRequest, job_id: Id, payload: JobPatch) -> Any:
    """Only the fields sent change; ``location_ids`` replaces the job's locations."""
    require_scope(request, Scope.JOBS_WRITE)
    job = _reloaded(request, job_id)
    data = payload.model_dump(exclude_unset=True)
    for required in ("title", "description", "contract_type", "salary_currency", "reward_note"):
        if required in data and data[required] is None:
            raise _invalid(required, "may not be null.")
    if data.get("external_id", "") is None:
        data["external_id"] = ""
    locations = _locations(request, data.pop("location_ids", None))
    fields = _content(request, data)
    _check_salary(
        fields.get("salary_min", job.salary_min), fields.get("salary_max", job.salary_max)
    )
    _check_closing_date(fields, job)
    api_job_update(job=job, actor=api_actor(request), locations=locations, **fields)
    return job_out(_reloaded(request, job_id))


def _set_status(request: HttpRequest, job_id: int, status: str) -> Any:
    require_scope(request, Scope.JOBS_WRITE)
    job = _reloaded(request, job_id)

    def run() -> tuple[int, dict[str, Any]]:
        try:
            api_job_set_status(job=job, status=status, actor=api_actor(request))
        except JobTransitionError as refused:
            raise ApiProblem(
                409,
                f"A job in status {job.status} cannot move to {status}.",
                kind="job-transition",
            ) from refused
        return 200, job_out(_reloaded(request, job_id))

    return replayable(request, run)


@router.post(
    "/jobs/{job_id}/publish", response={200: JobOut, **WRITE_ERRORS}, summary="Publish a job"
)
def publish_job(request: HttpRequest, job_id: Id) -> Any:
    """A draft or closed job is published (members see it on their board)."""
    return _set_status(request, job_id, Job.Status.PUBLISHED)


@router.post("/jobs/{job_id}/close", response={200: JobOut, **WRITE_ERRORS}, summary="Close a job")
def close_job(request: HttpRequest, job_id: Id) -> Any:
    """A published job is closed."""
    return _set_status(request, job_id, Job.Status.CLOSED)
