"""Delivering webhooks: claim a delivery, sign it, send it through the outbound guard,
record the result. The same shape as the e-mail outbox (``coopt.notifications.delivery``).

A delivery is claimed with a conditional UPDATE (``claimed_at``), so two workers never send
it together; a worker killed after claiming leaves the claim to expire, and the relay hands
the delivery out again (at-least-once: the ``webhook-id`` stays the same, so the receiver
can drop the rare duplicate).

An answer in 2xx is a success. Anything else (another status, a timeout, a refused
connection, an address the guard refuses) is a failure, tried again on the schedule of
``BACKOFF_SCHEDULE`` for three days from the delivery's creation (or its redelivery), then
given up. An endpoint that has not succeeded once for ``DISABLE_AFTER`` (five days, counted
from its first failure since its last success) is disabled and the tenant's admins get an
e-mail (``services.webhook_endpoint_disable_failing``).
"""

import json
import logging
import time
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coopt.lib.outbound import fetch
from coopt.referrals.models import Referral
from coopt.tenants.models import Tenant

from .models import TEST_EVENT, WebhookDelivery, WebhookEndpoint
from .signing import signed_headers

logger = logging.getLogger(__name__)

# The receiver must answer within this; one delivery lasts at most this long.
REQUEST_TIMEOUT = 15.0
# Only the status matters: the answer's body is read up to this and dropped.
MAX_ANSWER_BYTES = 64_000
# A claim outlives the longest single delivery by far.
CLAIM_TIMEOUT = timedelta(minutes=5)
# Wait after the 1st, 2nd… failed attempt; the last one repeats. The first attempt is at once.
BACKOFF_SCHEDULE = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
    timedelta(hours=14),
)
RETRY_FOR = timedelta(days=3)
DISABLE_AFTER = timedelta(days=5)
RELAY_BATCH_SIZE = 200
RELAY_TIME_BUDGET = timedelta(minutes=5)
# The delivery log keeps a month: older deliveries that ended are deleted (the payloads
# may name a referred person).
KEEP_LOG_FOR = timedelta(days=30)
USER_AGENT = "Coopt-Webhooks/1"


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt."""
    return BACKOFF_SCHEDULE[min(max(attempts, 1), len(BACKOFF_SCHEDULE)) - 1]


def _due(now: datetime) -> Q:
    """Due and sendable: waiting, its time come, unclaimed (or claimed by a dead worker), to
    an enabled endpoint (a test event goes to a disabled one too), of an active tenant.

    Conditions on the delivery's own row, and subqueries on other tables, never a join: the
    claim's UPDATE re-checks them on the locked row, so two workers never both claim it."""
    waiting = Q(
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.FAILED],
        next_attempt_at__lte=now,
    )
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    enabled_endpoints = WebhookEndpoint.objects.filter(is_enabled=True).values("pk")
    enabled = Q(endpoint_id__in=enabled_endpoints) | Q(event_type=TEST_EVENT)
    active = Tenant.objects.filter(is_active=True).values("pk")
    return waiting & unclaimed & enabled & Q(tenant_id__in=active)


def claim(delivery_id: int) -> bool:
    now = timezone.now()
    return bool(WebhookDelivery.objects.filter(_due(now), pk=delivery_id).update(claimed_at=now))


def body_of(delivery: WebhookDelivery) -> bytes:
    """The request's body: the stored payload as compact JSON, the same at every attempt."""
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def signing_secrets(endpoint: WebhookEndpoint) -> list[str]:
    """The current secret, and the previous one while its rotation lasts."""
    found = [endpoint.secret]
    if endpoint.previous_secret_valid_until is not None:
        found.append(endpoint.previous_secret)
    return found


def request_headers(delivery: WebhookDelivery, body: bytes, now: datetime) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        **signed_headers(
            secrets_=signing_secrets(delivery.endpoint),
            message_id=delivery.message_id,
            timestamp=int(now.timestamp()),
            body=body,
        ),
    }


def deliver(delivery_id: int) -> str:
    """Send one delivery if it is due and unclaimed.

    Returns "succeeded", "retry" (it failed and will be tried again), "given_up" or
    "skipped" (not due, finished, claimed by another worker, or gone).
    """
    if not claim(delivery_id):
        return "skipped"
    delivery = (
        WebhookDelivery.objects.select_related("endpoint", "tenant").filter(pk=delivery_id).first()
    )
    if delivery is None:
        return "skipped"
    now = timezone.now()
    started = time.monotonic()
    try:
        body = body_of(delivery)
        response = fetch(
            delivery.endpoint.url,
            method="POST",
            body=body,
            headers=request_headers(delivery, body, now),
            timeout=REQUEST_TIMEOUT,
            max_bytes=MAX_ANSWER_BYTES,
            max_redirects=0,
        )
    except Exception as error:  # noqa: BLE001 - any network failure or refusal is retried
        elapsed = _milliseconds(started)
        return _record_failure(delivery, code=None, elapsed=elapsed, error=_describe(error))
    elapsed = _milliseconds(started)
    if 200 <= response.status < 300:
        _record_success(delivery, code=response.status, elapsed=elapsed)
        return "succeeded"
    return _record_failure(
        delivery, code=response.status, elapsed=elapsed, error=f"HTTP {response.status}"
    )


def _milliseconds(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _record_success(delivery: WebhookDelivery, *, code: int, elapsed: int) -> None:
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.SUCCEEDED,
        attempts=delivery.attempts + 1,
        claimed_at=None,
        last_attempt_at=now,
        last_response_code=code,
        last_response_ms=elapsed,
        last_error="",
    )
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(
        consecutive_failures=0, failing_since=None
    )


def _record_failure(
    delivery: WebhookDelivery, *, code: int | None, elapsed: int, error: str
) -> str:
    from .services import webhook_endpoint_disable_failing

    now = timezone.now()
    attempts = delivery.attempts + 1
    window_end = delivery.retry_window_from + RETRY_FOR
    gave_up = now >= window_end
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.GIVEN_UP if gave_up else WebhookDelivery.Status.FAILED,
            attempts=attempts,
            # The last attempt falls on the end of the three days, not after it.
            next_attempt_at=min(now + backoff(attempts), window_end),
            claimed_at=None,
            last_attempt_at=now,
            last_response_code=code,
            last_response_ms=elapsed,
            last_error=error,
        )
        endpoint = (
            WebhookEndpoint.objects.select_for_update().filter(pk=delivery.endpoint_id).first()
        )
        if endpoint is None:  # deleted meanwhile, with its deliveries
            return "skipped"
        endpoint.consecutive_failures += 1
        endpoint.failing_since = endpoint.failing_since or now
        endpoint.save(update_fields=["consecutive_failures", "failing_since", "updated_at"])
        if endpoint.is_enabled and now - endpoint.failing_since >= DISABLE_AFTER:
            webhook_endpoint_disable_failing(endpoint=endpoint)
    if gave_up:
        logger.warning(
            "Webhook delivery %s given up after %s attempts: %s", delivery.pk, attempts, error
        )
        return "given_up"
    logger.info("Webhook delivery %s failed (attempt %s): %s", delivery.pk, attempts, error)
    return "retry"


def due_delivery_ids(limit: int = RELAY_BATCH_SIZE) -> list[int]:
    """Deliveries to send now: due retries, lost enqueues, and claims that expired."""
    return list(
        WebhookDelivery.objects.filter(_due(timezone.now()))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def relay_deadline() -> float:
    """The ``time.monotonic()`` after which a relay stops handing out deliveries."""
    return time.monotonic() + RELAY_TIME_BUDGET.total_seconds()


def deliveries_prune() -> int:
    """Delete the deliveries that ended more than ``KEEP_LOG_FOR`` ago; returns how many."""
    ended = [WebhookDelivery.Status.SUCCEEDED, WebhookDelivery.Status.GIVEN_UP]
    old = timezone.now() - KEEP_LOG_FOR
    deleted, _by_model = WebhookDelivery.objects.filter(
        status__in=ended, created_at__lt=old
    ).delete()
    return deleted


def deliveries_forget_erased() -> int:
    """Take the names out of the payloads about a referral whose personal data was erased
    since (the nightly purge, the person's own request); returns how many were changed. A
    delivery still waiting is then sent without them."""
    named = WebhookDelivery.objects.filter(event_type__startswith="referral.").exclude(
        payload__data__candidate=None
    )
    referral_ids = {pk for pk in named.values_list("payload__data__id", flat=True) if pk}
    erased = set(
        Referral.objects.filter(
            pk__in=referral_ids, personal_data_deleted_at__isnull=False
        ).values_list("pk", flat=True)
    )
    changed = 0
    for delivery in named.filter(payload__data__id__in=list(erased)):
        delivery.payload["data"]["candidate"] = None
        delivery.save(update_fields=["payload"])
        changed += 1
    return changed
