"""Tags: the tenant's locations, job families and sectors still offered (``tags:read``)."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import active_tags

from ..auth import acting_member, require_scope
from ..models import Scope
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, page_body, paginate
from .common import READ_ERRORS, InputSchema

router = Router(tags=["tags"])


class TagOut(Schema):
    id: int
    kind: str
    name: str


class TagPage(Schema):
    results: list[TagOut]
    next: str | None


class TagFilters(InputSchema):
    kind: Tag.Kind | None = None
    cursor: str | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT


@router.get("/tags", response={200: TagPage, **READ_ERRORS}, summary="List tags")
def list_tags(request: HttpRequest, filters: Query[TagFilters]) -> Any:
    """Archived tags are left out: jobs and filters no longer use them."""
    require_scope(request, Scope.TAGS_READ)
    tags = active_tags(acting_member(request).tenant, filters.kind or "")
    page, next_url = paginate(request, tags, cursor=filters.cursor, limit=filters.limit)
    return page_body(
        [TagOut(id=t.pk, kind=t.kind, name=t.name).model_dump() for t in page], next_url
    )
