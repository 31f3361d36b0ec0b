"""Members: create or update one by their keys, deactivate a leaver (``members:write``).

Both go through ``coopt.accounts.sync``: a member is found by their external id (their key
in the HR system) first, then by their e-mail address. Roles are never changed here.
"""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from coopt.accounts.models import Membership
from coopt.accounts.services import MembershipChangeRefused
from coopt.accounts.sync import (
    MemberNotFound,
    MemberSyncConflict,
    MemberSyncError,
    member_deactivate_by_key,
    member_upsert,
)

from ..auth import acting_member, api_actor, require_scope
from ..idempotency import replayable
from ..models import Scope
from ..problems import ApiProblem
from .common import WRITE_ERRORS, InputSchema

router = Router(tags=["members"])

Name = Annotated[str, Field(max_length=150)]


class MemberIn(InputSchema):
    email: Annotated[str, Field(min_length=3, max_length=254)]
    external_id: Annotated[str, Field(max_length=128)] = ""
    first_name: Name = ""
    last_name: Name = ""
    department: Annotated[str, Field(max_length=120)] | None = Field(
        None, description="A name; null leaves it as it is, an empty string clears it."
    )
    location: Annotated[str, Field(max_length=120)] | None = None
    manager_email: Annotated[str, Field(max_length=254)] | None = None
    employee_id: Annotated[str, Field(max_length=64)] | None = None
    invite: bool = Field(True, description="E-mail a new member an invitation.")


class MemberKey(InputSchema):
    email: Annotated[str, Field(max_length=254)] = ""
    external_id: Annotated[str, Field(max_length=128)] = ""


class MemberOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    external_id: str
    employee_id: str
    department: str | None
    location: str | None
    manager_email: str | None
    is_active: bool
    created: bool = Field(description="Whether this call created the member.")


def member_out(membership: Membership, *, created: bool = False) -> dict[str, Any]:
    user = membership.user
    return MemberOut(
        id=membership.pk,
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        external_id=membership.external_id,
        employee_id=membership.employee_id,
        department=membership.department.name if membership.department else None,
        location=membership.location.name if membership.location else None,
        manager_email=membership.manager.user.email if membership.manager else None,
        is_active=membership.is_active,
        created=created,
    ).model_dump(mode="json")


def _refused(error: MemberSyncError) -> ApiProblem:
    if isinstance(error, MemberNotFound):
        return ApiProblem(404, error.message, kind="not-found")
    if isinstance(error, MemberSyncConflict):
        return ApiProblem(409, error.message, kind="member-conflict")
    return ApiProblem(422, error.message, kind="validation")


@router.post(
    "/members",
    response={200: MemberOut, 201: MemberOut, **WRITE_ERRORS},
    summary="Create or update a member",
)
def upsert_member(request: HttpRequest, payload: MemberIn) -> Any:
    """Found by ``external_id``, else by ``email``: updated (200) or created (201). A
    deactivated member is updated and stays deactivated."""
    require_scope(request, Scope.MEMBERS_WRITE)
    tenant = acting_member(request).tenant
    data = payload.model_dump()

    def run() -> tuple[int, dict[str, Any]]:
        try:
            membership, created = member_upsert(tenant=tenant, **data, actor=api_actor(request))
        except MemberSyncError as error:
            raise _refused(error) from error
        return (201 if created else 200), member_out(membership, created=created)

    return replayable(request, run)


@router.post(
    "/members/deactivate",
    response={200: MemberOut, **WRITE_ERRORS},
    summary="Deactivate a member",
)
def deactivate_member(request: HttpRequest, payload: MemberKey) -> Any:
    """Give ``external_id`` or ``email``, not both. Their access ends at once; their
    referrals and rewards stay. A member already deactivated is answered as they are."""
    require_scope(request, Scope.MEMBERS_WRITE)
    if bool(payload.email.strip()) == bool(payload.external_id.strip()):
        raise ApiProblem(422, "Give either email or external_id.", kind="validation")
    tenant = acting_member(request).tenant

    def run() -> tuple[int, dict[str, Any]]:
        try:
            membership = member_deactivate_by_key(
                tenant=tenant,
                email=payload.email,
                external_id=payload.external_id,
                actor=api_actor(request),
            )
        except MemberSyncError as error:
            raise _refused(error) from error
        except MembershipChangeRefused as refused:
            raise ApiProblem(409, str(refused.message)) from refused
        return 200, member_out(membership)

    return replayable(request, run)
