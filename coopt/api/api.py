"""The REST API, at /api/v1/ (X1): django-ninja, a bearer token per tenant, problems for
errors, cursor pages, idempotent POSTs. Its schema is /api/v1/openapi.json and its
interactive documentation /api/v1/docs (Swagger UI from ninja's own static files)."""

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from .auth import TokenAuth
from .problems import CONTENT_TYPE, install_handlers, problem_response
from .routers import jobs, members, referrals, rewards, tags

DESCRIPTION = """
Read and change a company's jobs, candidates, rewards and members from another system.

Authenticate with a token an admin creates in the back office (Settings → API):
`Authorization: Bearer <token>`. Each token carries scopes; errors are
`application/problem+json` (RFC 9457). See docs/api.md.
"""


class CooptApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The schema, with errors documented as ``application/problem+json``."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(code) >= HTTPStatus.BAD_REQUEST and "application/json" in content:
                        content[CONTENT_TYPE] = content.pop("application/json")
        return schema


api = CooptApi(
    title="Coopt API",
    version="1.0.0",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api_v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_router("", jobs.router)
api.add_router("", tags.router)
api.add_router("", referrals.router)
api.add_router("", rewards.router)
api.add_router("", members.router)


def _problems_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An error ninja answers itself (405 on a known path) becomes a problem too."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        content_type = response.get("Content-Type", "").split(";")[0]
        if response.status_code >= HTTPStatus.BAD_REQUEST and content_type != CONTENT_TYPE:
            problem = problem_response(
                response.status_code, HTTPStatus(response.status_code).phrase
            )
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response

    return wrapper


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem_response(HTTPStatus.NOT_FOUND, "No such endpoint.", kind="not-found")


def urlpatterns() -> list[URLPattern]:
    """The API's URL patterns (mounted at /api/v1/), each error a problem, then a 404
    problem for any other path under it."""
    patterns, _app_name, _namespace = api.urls
    wrapped = [
        URLPattern(p.pattern, _problems_only(p.callback), p.default_args, p.name)
        for p in patterns
        if isinstance(p, URLPattern)
    ]
    return [*wrapped, re_path(r"^(?P<rest>.*)$", not_found, name="not_found")]
