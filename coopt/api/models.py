"""API tokens and the answers kept for an ``Idempotency-Key`` (X1).

A token's secret is shown once, when it is created; the database keeps its SHA-256 hash
and a short prefix, enough to tell tokens apart on the page that lists them.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant


class Scope(models.TextChoices):
    JOBS_READ = "jobs:read", _("Read jobs")
    JOBS_WRITE = "jobs:write", _("Create, change, publish and close jobs")
    TAGS_READ = "tags:read", _("Read locations, job families and sectors")
    REFERRALS_READ = "referrals:read", _("Read referrals and candidates")
    REFERRALS_WRITE = "referrals:write", _("Move candidates in the pipeline, add notes")
    REWARDS_READ = "rewards:read", _("Read rewards")
    MEMBERS_WRITE = "members:write", _("Create, update and deactivate members")


class ApiToken(models.Model):
    """A key an outside system uses to call the API on one tenant's behalf."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, shown in lists to tell tokens apart.
    prefix = models.CharField(max_length=16)
    secret_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The admin who created it: the API acts with their reach, while they stay an admin.
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def scope_labels(self) -> list[str]:
        return [str(Scope(s).label) for s in self.scopes if s in Scope.values]


class IdempotentResponse(models.Model):
    """The first answer to a POST that carried an ``Idempotency-Key``, replayed for 24 hours
    to a retry with the same key and the same request."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, the path and the body: the same key with another request is
    # refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="idempotent_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.token_id}:{self.key}"
