"""Diffusion (D1–D6): sends of a job to an audience, their waves, what each member
received, the digest's featured jobs and the frequency cap.

``Delivery`` is the ledger that keeps a member from ever getting the same job twice:
one row per (job, member), whatever the channel (a targeted send or a digest), with a
unique constraint the database enforces.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant

DEFAULT_WEEKLY_CAP = 3


class DiffusionSettings(models.Model):
    """A tenant's frequency cap (D6): solicitations per member and rolling week."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="+")
    weekly_cap = models.PositiveSmallIntegerField(
        _("solicitations per member and week"),
        default=DEFAULT_WEEKLY_CAP,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Targeted e-mails and digests together. What goes beyond waits for the "
            "member's next digest."
        ),
    )

    def __str__(self) -> str:
        return f"{self.tenant} cap {self.weekly_cap}"


class Send(models.Model):
    """A targeted send of one job (D2): its audience, as the recruiter edited it, and waves."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        SENDING = "sending", _("Sending")
        WAITING = "waiting", _("Waiting for the next wave")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped")

    class WaveBy(models.TextChoices):
        NONE = "", _("Everyone at once")
        LEVEL = "level", _("By level, highest first")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="sends")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The audience as edited: see coopt.diffusion.audience.AudienceSpec.
    audience = models.JSONField(default=dict)
    audience_size = models.PositiveIntegerField(default=0)
    wave_by = models.CharField(max_length=10, choices=WaveBy, default=WaveBy.NONE, blank=True)
    wave_delay = models.DurationField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PREPARING)
    created_at = models.DateTimeField(auto_now_add=True)
    # Every batch that commits moves it; a send whose heartbeat stopped is resumed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "-created_at"])]

    def __str__(self) -> str:
        return f"send #{self.pk} of job {self.job_id} ({self.status})"


class Wave(models.Model):
    """One ordered group of a send, released after the previous one and a delay."""

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField()  # 1, 2, 3… released in this order
    label = models.CharField(max_length=40, blank=True)  # e.g. the level key
    size = models.PositiveIntegerField(default=0)
    release_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["send", "number"]
        constraints = [
            models.UniqueConstraint(fields=["send", "number"], name="wave_unique_number")
        ]
        indexes = [models.Index(fields=["released_at", "release_at"])]

    def __str__(self) -> str:
        return f"wave {self.number} of send {self.send_id}"


class Delivery(models.Model):
    """A job offered to a member, once: by a targeted send or in a digest."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        NOTIFIED = "notified", _("Notified")  # e-mail in the outbox, in-app notice written
        DEFERRED = "deferred", _("Deferred to the digest")  # over the cap
        DIGESTED = "digested", _("Sent in a digest")

    # The job, the member and the send have no index of their own: the unique (job,
    # member) constraint and the (member, status) and (send, wave, status) indexes begin
    # with them, and every index less is one less to write for each of a send's or a
    # digest's thousands of rows.
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.CASCADE,
        related_name="job_deliveries",
        db_index=False,
    )
    send = models.ForeignKey(
        Send,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        db_index=False,
    )
    wave = models.PositiveSmallIntegerField(default=1)
    score = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    email = models.ForeignKey(
        "notifications.OutboundEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "member"], name="delivery_once_per_member")
        ]
        indexes = [
            models.Index(fields=["send", "wave", "status"]),
            models.Index(fields=["member", "status"]),
        ]

    def __str__(self) -> str:
        return f"job {self.job_id} → member {self.member_id} ({self.status})"


class Solicitation(models.Model):
    """One solicitation e-mail a member received: what the frequency cap counts (D6)."""

    class Kind(models.TextChoices):
        TARGETED = "targeted", _("Targeted e-mail")
        DIGEST = "digest", _("Digest")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="solicitations"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    # For a digest, its period ("2026-W47", "2026-11"): one digest per member and period.
    period = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["member", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period"],
                condition=models.Q(kind="digest"),
                name="solicitation_one_digest_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to member {self.member_id}"


class FeaturedJob(models.Model):
    """A job the recruiter puts in every digest while it is open (D3)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="featured")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"featured job {self.job_id}"


class DigestRun(models.Model):
    """One run of the digest for a tenant and a frequency: what it did, for the history."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=8)  # Membership.DigestFrequency
    period = models.CharField(max_length=10)  # "2026-W47" (weekly), "2026-11" (monthly)
    started_at = models.DateTimeField()
    # Every batch that commits moves it; a run whose heartbeat stopped is resumed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    members = models.PositiveIntegerField(default=0)  # members looked at
    sent = models.PositiveIntegerField(default=0)  # digests written to the outbox
    postponed = models.PositiveIntegerField(default=0)  # over the cap: next digest
    empty = models.PositiveIntegerField(default=0)  # nothing new to offer

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "frequency", "period"], name="digest_run_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest {self.period} of tenant {self.tenant_id}"
