"""Outbound webhooks (X2): the endpoints a tenant's admins register, and every delivery to
them, written in the transaction of the change it tells about (the outbox)."""

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class Event(models.TextChoices):
    REFERRAL_CREATED = "referral.created", _("A referral is made")
    REFERRAL_STATUS_CHANGED = (
        "referral.status_changed",
        _("A referral moves in the pipeline, or the person confirms"),
    )
    REFERRAL_HIRED = "referral.hired", _("A referred person is hired")
    JOB_PUBLISHED = "job.published", _("A job is published")
    JOB_CLOSED = "job.closed", _("A job is closed or filled")


# Sent by the "send test event" button only; no endpoint subscribes to it.
TEST_EVENT = "webhook.test"


class WebhookEndpoint(models.Model):
    """A URL of the tenant's that receives the events it subscribed to, signed with its
    secret (Standard Webhooks). During a rotation the previous secret signs too, until
    ``previous_secret_expires_at``."""

    class DisabledReason(models.TextChoices):
        NONE = "", _("Enabled")
        BY_ADMIN = "admin", _("Disabled by an admin")
        FAILING = "failing", _("Disabled automatically: it kept failing")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(
        max_length=10, choices=DisabledReason, default=DisabledReason.NONE, blank=True
    )
    disabled_at = models.DateTimeField(null=True, blank=True)
    # Deliveries given up in a row, and the first failed attempt since the last success:
    # the automatic disabling reads both (coopt.webhooks.delivery).
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["tenant", "is_enabled"])]

    def __str__(self) -> str:
        return self.url

    @property
    def previous_secret_valid_until(self) -> datetime | None:
        """The end of the rotation while the previous secret still signs; None after."""
        expires = self.previous_secret_expires_at
        if self.previous_secret and expires is not None and expires > timezone.now():
            return expires
        return None


class WebhookDelivery(models.Model):
    """One event for one endpoint, tried until it succeeds or is given up.

    ``pending`` waits for its first attempt, ``failed`` for another one after a failure;
    ``succeeded`` and ``given_up`` are final (an admin may still redeliver). A worker claims
    a delivery by setting ``claimed_at``; a claim older than ``CLAIM_TIMEOUT`` belongs to a
    dead worker and the relay hands the delivery out again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed, will be tried again")
        GIVEN_UP = "given_up", _("Given up")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField(max_length=40)
    payload_version = models.PositiveSmallIntegerField(default=1)
    # The Standard Webhooks ``webhook-id``: the same for every attempt and redelivery, so
    # that the receiver can drop a duplicate.
    message_id = models.CharField(max_length=40, unique=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    # Attempts of the current round: a redelivery starts a new one.
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Retries stop three days after this: the creation, or the last redelivery.
    retry_window_from = models.DateTimeField()
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "-created_at"]),
            models.Index(fields=["tenant", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id} ({self.status})"
