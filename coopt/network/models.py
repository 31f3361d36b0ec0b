"""Network mode (N1, R2): joining by sponsorship, and the network's rules per tenant."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

DEFAULT_SPONSORSHIPS_PER_MONTH = 5
# Targeted sends go in waves by level in network mode (D2): hours between two waves.
DEFAULT_WAVE_DELAY_HOURS = 24
# How long a candidate who confirmed may wait for the operator's call (N3).
DEFAULT_QUALIFICATION_TARGET_HOURS = 48
MAX_QUALIFICATION_TARGET_HOURS = 720
MAX_WAVE_DELAY_HOURS = 168


class NetworkSettings(models.Model):
    """A tenant's network rules; a tenant without a row has the defaults."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="+")
    sponsorships_per_month = models.PositiveSmallIntegerField(
        _("invitations a member may send per month"),
        default=DEFAULT_SPONSORSHIPS_PER_MONTH,
        validators=[MinValueValidator(0)],
    )
    # None: on in network mode, off in internal mode.
    one_candidate_per_job = models.BooleanField(
        _("one candidate per member per job"), null=True, blank=True
    )
    # Read by diffusion in network mode only: experts first, confirmed members this long
    # after, beginners twice as long after. A change applies to the sends started after it.
    wave_delay_hours = models.PositiveSmallIntegerField(
        _("hours between two waves of a send"),
        default=DEFAULT_WAVE_DELAY_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WAVE_DELAY_HOURS)],
    )

    # The qualification queue marks the candidates waiting longer than this since they
    # confirmed their interest (N3).
    qualification_target_hours = models.PositiveSmallIntegerField(
        _("hours within which a confirmed candidate is called"),
        default=DEFAULT_QUALIFICATION_TARGET_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUALIFICATION_TARGET_HOURS)],
    )

    class Meta:
        verbose_name = _("network settings")

    def __str__(self) -> str:
        return f"network settings of {self.tenant_id}"


class Sponsorship(models.Model):
    """A member's invitation of someone into the network (N1).

    The e-mailed link carries a random token; only its SHA-256 is stored, as for the
    referral links (``coopt/referrals/link_tokens.py``). Used once, then ``joined`` is set.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    sponsor = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="sponsorships_sent"
    )
    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    joined = models.OneToOneField(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sponsor", "created_at"])]

    def __str__(self) -> str:
        return f"sponsorship #{self.pk}"


class CharterVersion(models.Model):
    """A published version of the ethics charter or of the terms with the points rules (R6).

    Text per language; versions are numbered per tenant and kind, and never edited: a change
    is a new version, which every member accepts before their next referral.
    """

    class Kind(models.TextChoices):
        CHARTER = "charter", _("Ethics charter")
        TERMS = "terms", _("Terms and points rules")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("document"), max_length=8, choices=Kind)
    version = models.PositiveIntegerField(_("version"))
    texts = models.JSONField(_("text per language"), default=dict)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kind", "version"], name="charter_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"

    def text_in(self, language: str, fallback: str) -> str:
        return (
            self.texts.get(language)
            or self.texts.get(fallback)
            or next(iter(self.texts.values()), "")
        )


class CharterAcceptance(models.Model):
    """A member accepted a version of the charter or terms, at a time (R6)."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="charter_acceptances"
    )
    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "version"], name="charter_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} accepted {self.version_id}"
