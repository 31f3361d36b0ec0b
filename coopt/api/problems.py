"""Errors as ``application/problem+json`` (RFC 9457): every error the API answers, from a
missing token to a crash, has ``type``, ``title``, ``status`` and ``detail``; a request that
does not validate lists its errors in ``errors``."""

import logging
import math
from http import HTTPStatus
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
# ``type`` of each problem: a page of docs/api.md, relative to the API's root.
TYPE_BASE = "https://coopt.app/docs/api#"


class ProblemError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class Problem(Schema):
    """The body of every error answer."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemError] | None = None


class ApiProblem(Exception):
    """An error to answer as a problem; ``retry_after`` in seconds for a 429."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind or HTTPStatus(status).phrase.lower().replace(" ", "-")
        self.retry_after = retry_after


def problem_response(
    status: int,
    detail: str,
    *,
    kind: str = "",
    errors: list[dict[str, Any]] | None = None,
    retry_after: float | None = None,
) -> HttpResponse:
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": TYPE_BASE + (kind or phrase.lower().replace(" ", "-")),
        "title": phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    if retry_after is not None:
        response["Retry-After"] = str(max(1, math.ceil(retry_after)))
    if status == HTTPStatus.UNAUTHORIZED:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in e.get("loc", [])],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


def install_handlers(api: NinjaAPI) -> None:
    """Answer every error of ``api`` as a problem."""

    @api.exception_handler(ApiProblem)
    def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        return problem_response(exc.status, exc.detail, kind=exc.kind, retry_after=exc.retry_after)

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem_response(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "The request does not validate: see errors.",
            kind="validation",
            errors=_validation_errors(exc.errors),
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            HTTPStatus.UNAUTHORIZED,
            "Send a valid API token: Authorization: Bearer <token>.",
            kind="unauthorized",
        )

    @api.exception_handler(AuthorizationError)
    def _forbidden(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return problem_response(HTTPStatus.FORBIDDEN, str(exc), kind="forbidden")

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem_response(exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(HTTPStatus.NOT_FOUND, "No such object here.", kind="not-found")

    @api.exception_handler(Exception)
    def _crash(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return problem_response(
            HTTPStatus.INTERNAL_SERVER_ERROR,
            "Something went wrong on our side; it was logged.",
            kind="server-error",
        )
