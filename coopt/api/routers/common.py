"""What the routers share: the error answers every operation may give, list parameters."""

import datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone

from ..problems import Problem

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
    return rows.filter(updated_at__gte=since)
