"""What the routers share: the error answers every operation may give, list parameters."""

import datetime
from typing import Annotated, Any

from django.db.models import Model, QuerySet
from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from ..problems import Problem

# Ids fit a 64-bit integer column: a larger number names nothing (422, not a crash).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# Every operation answers these errors as problems (401: no valid token, 403: a scope
# missing, 404: not here, 422: a request that does not validate, 429: too many requests).
READ_ERRORS: dict[Any, Any] = {frozenset({400, 401, 403, 404, 422, 429}): Problem}
WRITE_ERRORS: dict[Any, Any] = {frozenset({400, 401, 403, 404, 409, 422, 429}): Problem}


def updated_since[M: Model](rows: QuerySet[M], since: datetime.datetime | None) -> QuerySet[M]:
    """Rows changed at or after ``since`` (a moment without a zone is taken as UTC)."""
    if since is None:
        return rows
    if timezone.is_naive(since):
        since = since.replace(tzinfo=datetime.UTC)
    try:
        # In UTC: PostgreSQL refuses offsets past ±15:59 that Python and ISO 8601 allow.
        since = since.astimezone(datetime.UTC)
    except OverflowError:  # past the calendar's end once in UTC: nothing, or everything
        return rows.none() if since.year > 1 else rows
    return rows.filter(updated_at__gte=since)


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


class InputSchema(Schema):
    """What a client sends: no NUL character in any text (PostgreSQL stores none)."""

    @field_validator("*", mode="after")
    @classmethod
    def refuse_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("Text may not contain NUL characters.")
        return value
