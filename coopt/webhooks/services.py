"""Writes of the webhooks app: endpoints, their secrets, deliveries (X2).

Every change an admin makes is recorded in the audit log in its transaction. Deliveries are
written in the transaction of the change they tell about (the outbox) and handed to the
broker once it commits; the relay (``tasks.relay_webhooks``) sends whatever the broker lost.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.notifications.language import reader_language
from coopt.notifications.services import email_send_template
from coopt.tenants.models import Tenant

from .delivery import CLAIM_TIMEOUT
from .models import TEST_EVENT, Event, WebhookDelivery, WebhookEndpoint
from .payloads import PAYLOAD_VERSION, envelope, ping_data
from .signing import message_id_new, secret_new

logger = logging.getLogger(__name__)

# After a rotation the previous secret still signs for this long.
ROTATION_GRACE = timedelta(hours=24)
EDITABLE_FIELDS = ("url", "description", "events")


class WebhookError(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _clean_events(events: list[str]) -> list[str]:
    unknown = set(events) - set(Event.values)
    if unknown:
        raise WebhookError(_("Choose events from the list."))
    return [event for event in Event.values if event in events]


@transaction.atomic
def webhook_endpoint_create(
    *, tenant: Tenant, url: str, description: str, events: list[str], actor: Actor
) -> WebhookEndpoint:
    """A new endpoint, enabled, with a new secret."""
    endpoint = WebhookEndpoint.objects.create(
        tenant=tenant,
        url=url,
        description=description.strip(),
        events=_clean_events(events),
        secret=secret_new(),
    )
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.WEBHOOK_CREATED,
        target=audit_target(endpoint, "webhook"),
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_update(
    *, endpoint: WebhookEndpoint, url: str, description: str, events: list[str], actor: Actor
) -> WebhookEndpoint:
    """Change the URL, description or events; what changed is recorded."""
    new = {"url": url, "description": description.strip(), "events": _clean_events(events)}
    changed = [name for name in EDITABLE_FIELDS if getattr(endpoint, name) != new[name]]
    for name in changed:
        setattr(endpoint, name, new[name])
    if changed:
        endpoint.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        tenant_id=endpoint.tenant_id,
        action=Action.WEBHOOK_CHANGED,
        target=audit_target(endpoint, "webhook"),
        details={"fields": changed},
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, actor: Actor) -> None:
    """The endpoint goes, with its delivery log; nothing more is sent to it."""
    target = audit_target(endpoint, "webhook")
    endpoint.delete()
    audit_record(
        actor=actor, tenant_id=endpoint.tenant_id, action=Action.WEBHOOK_DELETED, target=target
    )


@transaction.atomic
def webhook_secret_rotate(*, endpoint: WebhookEndpoint, actor: Actor) -> WebhookEndpoint:
    """A new secret; the current one keeps signing too for 24 hours, so that the receiver
    can switch without losing a message."""
    now = timezone.now()
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + ROTATION_GRACE
    endpoint.secret = secret_new()
    endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
    )
    audit_record(
        actor=actor,
        tenant_id=endpoint.tenant_id,
        action=Action.WEBHOOK_SECRET_ROTATED,
        target=audit_target(endpoint, "webhook"),
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_set_enabled(
    *, endpoint: WebhookEndpoint, enabled: bool, actor: Actor
) -> WebhookEndpoint:
    """An admin enables or disables the endpoint. Enabling starts the failure count afresh;
    deliveries still waiting are sent again from then."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.is_enabled == enabled:
        return endpoint
    target = audit_target(endpoint, "webhook")
    if enabled:
        _set_enabled(endpoint)
        audit_record(
            actor=actor, tenant_id=endpoint.tenant_id, action=Action.WEBHOOK_ENABLED, target=target
        )
    else:
        _set_disabled(endpoint, WebhookEndpoint.DisabledReason.BY_ADMIN)
        audit_record(
            actor=actor,
            tenant_id=endpoint.tenant_id,
            action=Action.WEBHOOK_DISABLED,
            target=target,
            details={"reason": WebhookEndpoint.DisabledReason.BY_ADMIN},
        )
    return endpoint


def _set_enabled(endpoint: WebhookEndpoint) -> None:
    endpoint.is_enabled = True
    endpoint.disabled_reason = WebhookEndpoint.DisabledReason.NONE
    endpoint.disabled_at = None
    endpoint.consecutive_failures = 0
    endpoint.failing_since = None
    endpoint.save()


def _set_disabled(endpoint: WebhookEndpoint, reason: str) -> None:
    endpoint.is_enabled = False
    endpoint.disabled_reason = reason
    endpoint.disabled_at = timezone.now()
    endpoint.save(update_fields=["is_enabled", "disabled_reason", "disabled_at", "updated_at"])


@transaction.atomic
def webhook_endpoint_disable_failing(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """The endpoint kept failing: disabled by the system, and every admin of the tenant is
    told by e-mail, in their language."""
    _set_disabled(endpoint, WebhookEndpoint.DisabledReason.FAILING)
    audit_record(
        actor=Actor.system("webhooks"),
        tenant_id=endpoint.tenant_id,
        action=Action.WEBHOOK_DISABLED,
        target=audit_target(endpoint, "webhook"),
        details={"reason": WebhookEndpoint.DisabledReason.FAILING},
    )
    admins = Membership.objects.filter(
        tenant_id=endpoint.tenant_id, is_admin=True, is_active=True, client__isnull=True
    ).select_related("user", "tenant")
    for admin in admins:
        email_send_template(
            tenant=admin.tenant,
            to=admin.user.email,
            name="webhook-disabled",
            context={"endpoint": endpoint, "failing_since": endpoint.failing_since},
            language=reader_language(admin.user.language, admin),
            subject_ref=audit_target(endpoint, "webhook"),
        )
    logger.warning("Webhook endpoint %s disabled: it kept failing", endpoint.pk)
    return endpoint


def _delivery(
    *, endpoint: WebhookEndpoint, event_type: str, data: dict[str, Any]
) -> WebhookDelivery:
    now = timezone.now()
    return WebhookDelivery(
        tenant_id=endpoint.tenant_id,
        endpoint=endpoint,
        event_type=event_type,
        payload_version=PAYLOAD_VERSION,
        message_id=message_id_new(),
        payload=envelope(event_type=event_type, data=data, now=now),
        next_attempt_at=now,
        retry_window_from=now,
    )


def webhook_deliveries_queue(
    *, tenant_id: int, event_type: str, data: Callable[[], dict[str, Any]]
) -> list[WebhookDelivery]:
    """One delivery per enabled endpoint of the tenant subscribed to ``event_type``; ``data``
    is called only if there is one.

    Call it inside the transaction of the change: the deliveries are saved with it or not
    at all, and handed to the broker after the commit.
    """
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(tenant_id=tenant_id, is_enabled=True)
        if event_type in endpoint.events
    ]
    if not endpoints:
        return []
    snapshot = data()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            _delivery(endpoint=endpoint, event_type=event_type, data=snapshot)
            for endpoint in endpoints
        ]
    )
    for delivery in deliveries:
        _enqueue_on_commit(delivery.pk)
    return deliveries


@transaction.atomic
def webhook_test_send(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``webhook.test`` event for this endpoint alone, sent like any other (even to a
    disabled endpoint: the way to check it works before enabling it again)."""
    delivery = _delivery(endpoint=endpoint, event_type=TEST_EVENT, data=ping_data())
    delivery.save()
    _enqueue_on_commit(delivery.pk)
    return delivery


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery, actor: Actor) -> bool:
    """Send the delivery again, at once, with the same ``webhook-id`` and payload: a new
    round of attempts (counted from zero, the backoff schedule from its start) for three more
    days. Returns False if a worker is sending it right now."""
    now = timezone.now()
    unclaimed = WebhookDelivery.objects.filter(pk=delivery.pk).exclude(
        claimed_at__gte=now - CLAIM_TIMEOUT
    )
    redelivered = unclaimed.update(
        status=WebhookDelivery.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        retry_window_from=now,
        claimed_at=None,
    )
    if not redelivered:
        return False
    audit_record(
        actor=actor,
        tenant_id=delivery.tenant_id,
        action=Action.WEBHOOK_REDELIVERED,
        target=audit_target(delivery.endpoint, "webhook"),
        details={"delivery": delivery.pk},
    )
    _enqueue_on_commit(delivery.pk)
    return True


def _enqueue_on_commit(delivery_id: int) -> None:
    transaction.on_commit(lambda: _enqueue_delivery(delivery_id))


def _enqueue_delivery(delivery_id: int) -> None:
    from .tasks import deliver_webhook

    try:
        deliver_webhook.delay(delivery_id)
    except Exception:  # noqa: BLE001 - broker down: the relay sends it later
        logger.warning("Broker unavailable; webhook delivery %s left to the relay", delivery_id)
