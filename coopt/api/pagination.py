"""Cursor pagination: a page of rows in descending id, and an opaque cursor to the next.

The next page is found by its key (``id < last id``), not by an offset: a page costs the
same queries whatever its depth, and rows added meanwhile never shift a page.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .problems import ApiProblem

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def encode_cursor(last_id: int) -> str:
    raw = json.dumps({"id": last_id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
        last_id = value["id"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError) as error:
        raise ApiProblem(400, "This cursor is not one we gave.", kind="bad-cursor") from error
    if not isinstance(last_id, int):
        raise ApiProblem(400, "This cursor is not one we gave.", kind="bad-cursor")
    return last_id


def paginate[M: Model](
    request: HttpRequest, rows: QuerySet[M], *, cursor: str | None, limit: int
) -> tuple[Sequence[M], str | None]:
    """A page of ``rows`` (newest id first) and the URL of the next page, or None."""
    rows = rows.order_by("-id")
    if cursor:
        rows = rows.filter(id__lt=decode_cursor(cursor))
    page = list(rows[: limit + 1])
    if len(page) <= limit:
        return page, None
    page = page[:limit]
    query = request.GET.copy()
    query["cursor"] = encode_cursor(page[-1].pk)
    query["limit"] = str(limit)
    return page, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_body(results: list[Any], next_url: str | None) -> dict[str, Any]:
    return {"results": results, "next": next_url}
