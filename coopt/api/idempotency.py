"""``Idempotency-Key`` on POST: the first successful answer is kept 24 hours and replayed to
a retry with the same key; the same key with another request is a 422.

The answer is stored in the same transaction as the change it answers: a retry during the
first request waits for it (the key is unique per token), and an error stores nothing, so
the client may retry the same key after fixing its request.
"""

import hashlib
from collections.abc import Callable
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse

from .auth import ApiRequest
from .problems import ApiProblem
from .selectors import idempotent_response_find
from .services import idempotent_response_store

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.body):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _replay(request: HttpRequest, key: str) -> JsonResponse | None:
    kept = idempotent_response_find(cast(ApiRequest, request).auth, key)
    if kept is None:
        return None
    if kept.fingerprint != fingerprint(request):
        raise ApiProblem(
            422,
            "This Idempotency-Key was used with another request.",
            kind="idempotency-key-reused",
        )
    response = JsonResponse(kept.body, status=kept.status, safe=False)
    response["Idempotent-Replayed"] = "true"
    return response


def replayable(request: HttpRequest, run: Callable[[], tuple[int, Any]]) -> JsonResponse:
    """Run ``run`` (which returns the status and the JSON body of its answer), or replay
    the answer kept for the request's ``Idempotency-Key``."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        status, body = run()
        return JsonResponse(body, status=status, safe=False)
    if len(key) > MAX_KEY_LENGTH:
        raise ApiProblem(422, "The Idempotency-Key is longer than 255 characters.")
    replayed = _replay(request, key)
    if replayed is not None:
        return replayed
    try:
        with transaction.atomic():
            status, body = run()
            idempotent_response_store(
                token=cast(ApiRequest, request).auth,
                key=key,
                fingerprint=fingerprint(request),
                status=status,
                body=body,
            )
    except IntegrityError:
        # Another request with this key committed first: answer as it did.
        replayed = _replay(request, key)
        if replayed is None:
            raise
        return replayed
    # The answer as it is kept, byte for byte: a replay says the same.
    return JsonResponse(body, status=status, safe=False)
