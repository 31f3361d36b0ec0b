"""Job feeds in (J3): the sources a tenant imports jobs from and the report of each run; and
the switch of the tenant's own public feed of jobs out (X4)."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class JobFeedSource(models.Model):
    """Where a tenant's jobs come from: a feed fetched on a schedule, or files uploaded by
    hand. Its jobs carry the external id ``"<prefix>:<the feed's reference>"``."""

    class Kind(models.TextChoices):
        XML = "xml", _("XML (job-board layout)")
        JSON = "json", _("JSON")
        CSV = "csv", _("CSV")

    class Schedule(models.TextChoices):
        HOURLY = "hourly", _("Every hour")
        DAILY = "daily", _("Every day")
        OFF = "off", _("By hand only")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("format"), max_length=4, choices=Kind, default=Kind.XML)
    url = models.URLField(
        _("feed address"),
        max_length=500,
        blank=True,
        help_text=_("Fetched on the schedule. Leave empty to upload files by hand."),
    )
    schedule = models.CharField(
        _("schedule"), max_length=10, choices=Schedule, default=Schedule.DAILY
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)
    close_missing = models.BooleanField(
        _("close the jobs the feed no longer lists"),
        default=True,
        help_text=_("Only the jobs this source imported; jobs created here are never closed."),
    )
    publish_new = models.BooleanField(
        _("publish new jobs at once"),
        default=True,
        help_text=_("Otherwise they arrive as drafts for a recruiter to publish."),
    )
    # When the last run was queued: what the schedule counts from.
    last_run_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("integrations:source", args=[self.pk])

    @property
    def prefix(self) -> str:
        """What the external ids of this source's jobs start with (before the colon)."""
        return f"feed{self.pk}"

    @property
    def interval(self) -> datetime.timedelta | None:
        """How long between two scheduled runs; None when it runs by hand only."""
        if self.schedule == self.Schedule.HOURLY:
            return datetime.timedelta(hours=1)
        if self.schedule == self.Schedule.DAILY:
            return datetime.timedelta(days=1)
        return None


class JobFeedRun(models.Model):
    """One import from a source: when, how, and what it did (the report)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        HAND = "hand", _("By hand")
        UPLOAD = "upload", _("File upload")

    source = models.ForeignKey(JobFeedSource, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(max_length=10, choices=Trigger, default=Trigger.SCHEDULE)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # [{"id": "<the feed's reference>", "reason": "<code>"}], read by ``rejection_label``.
    rejected = models.JSONField(default=list, blank=True)
    # [["location" | "family", "<name in the feed>"]]: names no tag stands for yet.
    unknown_tags = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["source", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.source} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("integrations:run", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class JobFeedSettings(models.Model):
    """The tenant's public feed of its jobs (X4), at /jobs/feed.xml: on unless turned off."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="+")
    publish_feed = models.BooleanField(
        _("publish the public job feed"),
        default=True,
        help_text=_("Job boards and aggregators read your published jobs at this address."),
    )

    def __str__(self) -> str:
        return f"{self.tenant}"
