"""Privacy records: retention settings and purge reports (Y2), data subject
requests (Y3) and consent records (Y5); the audit log (Y4) is the audit app's."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class RetentionPolicy(models.Model):
    """How long a tenant keeps each class of candidate data, within legal bounds.

    Defaults follow the French data-protection authority's recruitment guidance.
    """

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="retention_policy")
    unconfirmed_days = models.PositiveSmallIntegerField(
        _("referral not confirmed by the person (days)"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(30)],
    )
    not_retained_months = models.PositiveSmallIntegerField(
        _("candidate not retained (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    talent_pool_months = models.PositiveSmallIntegerField(
        _("candidate who agreed to stay in the talent pool (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    hired_months = models.PositiveSmallIntegerField(
        _("hired candidate (months, empty: kept while needed)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"retention of {self.tenant}"


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


class ConsentRecord(models.Model):
    """A consent given or withdrawn: when, which text version, through which channel (Y5)."""

    class Kind(models.TextChoices):
        PROCESSING = "processing", _("Processing for a job")
        TALENT_POOL = "talent_pool", _("Staying in the talent pool")

    class Action(models.TextChoices):
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Channel(models.TextChoices):
        EMAIL_LINK = "email_link", _("Link in an e-mail")
        PUBLIC_FORM = "public_form", _("Public application form")
        MEMBER_SPACE = "member_space", _("Member space")
        SELF_SERVICE = "self_service", _("Personal data page")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
    )
    # Who, as the normalised e-mail; blanked when the person's data is erased.
    email_key = models.CharField(max_length=254, blank=True, db_index=True)
    kind = models.CharField(max_length=12, choices=Kind)
    action = models.CharField(max_length=10, choices=Action)
    text_version = models.CharField(max_length=40)
    channel = models.CharField(max_length=14, choices=Channel)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.action}"


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
