from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class OutboundEmail(models.Model):
    """One e-mail, written in the same transaction as the change that causes it.

    Celery tasks deliver it; a periodic relay picks up whatever a lost enqueue
    or a crashed worker left behind. See ``coopt.notifications.delivery``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, null=True, related_name="+")
    to_email = models.EmailField()
    from_email = models.CharField(max_length=320)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8)
    template = models.CharField(max_length=100, blank=True)
    # What the message is about, so erasure can find it ("referral:42").
    subject_ref = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.template or 'e-mail'} #{self.pk} ({self.status})"

    @property
    def message_id(self) -> str:
        """Stable for this message, unique across databases (the creation time is in it)."""
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">")
        return f"<{self.pk}.{self.created_at:%Y%m%d%H%M%S%f}@{domain}>"


class Notification(models.Model):
    """An in-app message for a member, written in their language."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    subject_ref = models.CharField(max_length=64, blank=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text


class EmailTemplate(models.Model):
    """A tenant's own wording of an automatic e-mail, in one language (R5).

    Placeholders are written ``{{ name }}``; see ``coopt.notifications.placeholders``.
    """

    class Key(models.TextChoices):
        CANDIDATE_STATUS = "candidate-status", _("To the candidate, when their status changes")
        REFERRER_STATUS = (
            "referrer-status",
            _("To the referrer, when their referral's status changes"),
        )

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="email_templates")
    key = models.CharField(_("e-mail"), max_length=40, choices=Key)
    status = models.CharField(_("status"), max_length=20)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "key", "status", "language"], name="email_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.status} {self.language}"
