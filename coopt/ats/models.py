"""A company's link to its applicant tracking system (X3), and each candidate sent there."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class AtsConnection(models.Model):
    """One ATS of one company: where its jobs come from and where confirmed candidates go.

    The Harvest API key is a secret: pages show only its last four characters.
    """

    class CreditReferrer(models.TextChoices):
        # Greenhouse's ``referrer`` object: a Greenhouse user found by the member's e-mail,
        # or an outside referrer named by the member's name.
        EMAIL = "email", _("The member's e-mail address (a user of the ATS)")
        OUTSIDE = "outside", _("The member's name (an outside referrer)")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    connector = models.CharField(_("ATS"), max_length=32)
    enabled = models.BooleanField(_("enabled"), default=False)
    board_token = models.CharField(
        _("job board token"),
        max_length=100,
        blank=True,
        help_text=_("The last part of the job board's address: boards.greenhouse.io/<token>."),
    )
    api_key = models.CharField(_("Harvest API key"), max_length=200, blank=True)
    on_behalf_of = models.CharField(
        _("acting user id"),
        max_length=20,
        blank=True,
        help_text=_("The id of the ATS user the candidates are added as (On-Behalf-Of)."),
    )
    credit_referrer_as = models.CharField(
        _("credit the referrer by"),
        max_length=10,
        choices=CreditReferrer,
        default=CreditReferrer.EMAIL,
    )
    pull_jobs = models.BooleanField(_("bring the ATS's jobs in"), default=True)
    push_candidates = models.BooleanField(_("send confirmed candidates to the ATS"), default=True)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_sync_error = models.CharField(max_length=500, blank=True)
    last_sync_counts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # One ATS per company: the page configures it, the sync reads it.
        constraints = [models.UniqueConstraint(fields=["tenant"], name="ats_one_connection")]

    def __str__(self) -> str:
        return f"{self.connector} #{self.pk}"

    @property
    def api_key_hint(self) -> str:
        """The key as pages show it: its last four characters, or nothing."""
        return f"…{self.api_key[-4:]}" if self.api_key else ""


class AtsCandidateLink(models.Model):
    """A confirmed candidate to send to the ATS, then sent: the outbox row of the push.

    Written in the transaction that confirms the referral; a task sends it after the commit
    and retries with backoff; the periodic sync reads its stage back. It holds the ATS's
    ids and stage, never the person's data (that stays on the referral).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        PUSHED = "pushed", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent (no consent)")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    connection = models.ForeignKey(AtsConnection, on_delete=models.CASCADE, related_name="links")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="ats_links"
    )
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    external_candidate_id = models.CharField(max_length=40, blank=True)
    external_application_id = models.CharField(max_length=40, blank=True)
    stage = models.CharField(max_length=200, blank=True)  # the ATS's own stage name
    ats_status = models.CharField(max_length=20, blank=True)  # active, rejected, hired
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "referral"], name="ats_one_link_per_referral"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "-created_at"]),
            models.Index(fields=["state", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.connection} → referral {self.referral_id}"
