"""Privacy records: purge reports (Y2) and data subject requests (Y3).

Consent records (Y5) and the retention policy (Y2) are the referrals app's, next to the
referral they are about; the audit log (Y4) is the audit app's."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class PurgeRun(models.Model):
    """One run of the daily purge for a tenant: what was deleted, by data class."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["tenant", "-started_at"])]

    def __str__(self) -> str:
        return f"purge {self.started_at:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class SubjectRequest(models.Model):
    """A data subject's request, answered within one month (Y3)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("See my data")
        EXPORT = "export", _("Download my data")
        RECTIFICATION = "rectification", _("Correct my data")
        ERASURE = "erasure", _("Erase my data")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    email_key = models.CharField(max_length=254, blank=True, db_index=True)
    kind = models.CharField(max_length=14, choices=Kind)
    state = models.CharField(max_length=10, choices=State, default=State.RECEIVED)
    received_at = models.DateTimeField()
    due_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    details = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["tenant", "state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.state})"
