import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class Status(models.TextChoices):
    """The pipeline (R4)."""

    RECOMMENDED = "recommended", _("Recommended")
    CONTACTED = "contacted", _("Contacted")
    MET = "met", _("Met")
    HIRED = "hired", _("Hired")
    NOT_RETAINED = "not_retained", _("Not retained")
    TRANSFERRED = "transferred", _("Transferred")


OPEN_STATUSES = (Status.RECOMMENDED, Status.CONTACTED, Status.MET)
BOARD_STATUSES = (
    Status.RECOMMENDED,
    Status.CONTACTED,
    Status.MET,
    Status.HIRED,
    Status.NOT_RETAINED,
)


class Consent(models.TextChoices):
    """Where the referred person's answer stands (R3)."""

    AWAITING = "awaiting", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer")


# The person declined or did not answer in time: their consent page takes no answer any more.
# With an erasure (``personal_data_deleted_at``) these close the referral's consent (R3).
CLOSED_CONSENTS = (Consent.DECLINED, Consent.EXPIRED)
OPEN_CONSENTS = (Consent.AWAITING, Consent.CONFIRMED)


class Source(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    SHARE_LINK = "share_link", _("Application through a member's link")
    APPLICATION = "application", _("Direct application")
    MOBILITY = "mobility", _("Internal mobility")


def new_token() -> str:
    # The default of the consent token column the first migration made (links are
    # ``LinkToken`` rows now): kept for that migration.
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class PersonalField:
    """How a field of the referred person's data is treated."""

    # What erasing writes in its place.
    erased: str | None = ""
    # Copied to the new referral when the person is transferred to another job.
    transferred: bool = True
    # The person corrects it themself on their data page (Y3).
    rectifiable: bool = False


# The referred person's data on a referral, and nowhere else: erasing writes ``erased`` in
# each (``referral_erase_personal_data``), a transfer copies them, the export holds them, the
# person corrects the ``rectifiable`` ones. Every field of ``Referral`` is either here or in
# ``NOT_PERSONAL_FIELDS`` (tests/referrals/test_personal_fields.py fails on one in neither).
PERSONAL_FIELDS: dict[str, PersonalField] = {
    "first_name": PersonalField(rectifiable=True),
    "last_name": PersonalField(rectifiable=True),
    "email": PersonalField(),
    "phone": PersonalField(rectifiable=True),
    "relationship": PersonalField(),
    "motivation": PersonalField(),
    "current_employer": PersonalField(),
    # Duplicate detection: NULL frees the "one person per job" slot of the e-mail key.
    "email_key": PersonalField(erased=None),
    "phone_key": PersonalField(),
    # Names the person's other jobs in process: about this referral only.
    "in_process_note": PersonalField(transferred=False),
}

# What stays on the anonymous count after erasure: the job, the members involved (the
# referrer; the member who applied, whose data is their account's), the language we wrote
# in, the pipeline and consent states, and dates.
NOT_PERSONAL_FIELDS = frozenset(
    {
        "id",
        "tenant",
        "job",
        "referrer",
        "applicant",
        "source",
        "language",
        "status",
        "consent",
        "consent_requested_at",
        "consent_answered_at",
        "personal_data_deleted_at",
        "closed_at",
        "pool_consent_at",
        "own_employer",
        "forwarded_at",
        "transferred_to",
        "created_at",
        "updated_at",
    }
)


def consent_closed_q(prefix: str = "") -> Q:
    """``Referral.consent_closed`` as a filter; ``prefix`` reaches the referrals through a
    relation (``"referrals__"`` from a job), for counts."""
    return Q(**{f"{prefix}consent__in": CLOSED_CONSENTS}) | Q(
        **{f"{prefix}personal_data_deleted_at__isnull": False}
    )


def consent_open_q(prefix: str = "") -> Q:
    """The referrals whose consent is not closed: awaiting the person's answer, or confirmed,
    with their data held."""
    return Q(
        **{
            f"{prefix}consent__in": OPEN_CONSENTS,
            f"{prefix}personal_data_deleted_at__isnull": True,
        }
    )


def visible_to_recruiter_q(prefix: str = "") -> Q:
    """``Referral.is_visible_to_recruiter`` as a filter."""
    return Q(
        **{
            f"{prefix}consent": Consent.CONFIRMED,
            f"{prefix}personal_data_deleted_at__isnull": True,
        }
    )


class ReferralQuerySet(models.QuerySet["Referral"]):
    """Referrals by where the person's consent stands (R3), each filter held equal to a
    property of ``Referral``: ``consent_closed``, its negation, ``is_visible_to_recruiter``
    (tests/referrals/test_referral_queryset.py)."""

    def consent_closed(self) -> "ReferralQuerySet":
        return self.filter(consent_closed_q())

    def consent_open(self) -> "ReferralQuerySet":
        return self.filter(consent_open_q())

    def visible_to_recruiter(self) -> "ReferralQuerySet":
        return self.filter(visible_to_recruiter_q())


class Referral(models.Model):
    """A person put forward for a job: by a member, through their link, or by themself.

    The personal data lives here and nowhere else, so deleting it (declined,
    unconfirmed, erased) leaves the referral as an anonymous count.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="referrals")
    referrer = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
    )
    applicant = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    source = models.CharField(max_length=12, choices=Source, default=Source.REFERRAL)

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    relationship = models.CharField(_("how you know them"), max_length=200, blank=True)
    motivation = models.TextField(_("why they fit"), blank=True)
    current_employer = models.CharField(_("current employer"), max_length=200, blank=True)
    language = models.CharField(max_length=8, default="en")
    # Normalised keys for duplicate detection; the e-mail key carries the
    # database rule "one person per job" and is cleared with the personal data.
    email_key = models.CharField(max_length=254, null=True, blank=True)
    phone_key = models.CharField(max_length=20, blank=True, db_index=True)

    status = models.CharField(max_length=12, choices=Status, default=Status.RECOMMENDED)
    consent = models.CharField(max_length=10, choices=Consent, default=Consent.AWAITING)
    consent_requested_at = models.DateTimeField(null=True, blank=True)
    consent_answered_at = models.DateTimeField(null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)
    # Retention (Y2): when the process ended (hired or not retained), and whether the
    # person agreed to stay in the talent pool, which keeps their data longer.
    closed_at = models.DateTimeField(null=True, blank=True)
    pool_consent_at = models.DateTimeField(null=True, blank=True)
    # Set when the same person is already in process elsewhere: flagged, never merged.
    in_process_note = models.CharField(max_length=300, blank=True)
    # R2: the person seemed to work at the referrer's own employer (their e-mail's domain is
    # the referrer's ``employer_domain``): a hire pays a partner charity, not the referrer.
    own_employer = models.BooleanField(default=False)
    # Network mode (N3): when the operator forwarded the person to the client company after
    # qualifying them. Until then the client's recruiters cannot reach the referral at all.
    forwarded_at = models.DateTimeField(null=True, blank=True)
    transferred_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="transferred_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "email_key"],
                condition=models.Q(email_key__isnull=False),
                name="referral_one_person_per_job",
            ),
            # The same person by phone (R2): holds under concurrent submissions too.
            models.UniqueConstraint(
                fields=["job", "phone_key"],
                condition=~models.Q(phone_key=""),
                name="referral_one_phone_per_job",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "job", "status"]),
            models.Index(fields=["tenant", "email_key"]),
            models.Index(fields=["referrer", "-created_at"]),
            models.Index(fields=["consent", "consent_requested_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:candidate", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def consent_closed(self) -> bool:
        """The person declined, did not answer in time, or their data was erased: their
        consent page takes no answer any more (R3)."""
        return self.consent in CLOSED_CONSENTS or self.personal_data_deleted_at is not None

    @property
    def is_visible_to_recruiter(self) -> bool:
        """Recruiters see personal data only once the person has confirmed (R3)."""
        return self.consent == Consent.CONFIRMED and self.personal_data_deleted_at is None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Document(models.Model):
    """A CV or other file about a referred person, stored outside the web root."""

    class Uploader(models.TextChoices):
        REFERRER = "referrer", _("Referrer")
        CANDIDATE = "candidate", _("Candidate")
        RECRUITER = "recruiter", _("Recruiter")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="cvs/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.CharField(max_length=10, choices=Uploader)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class StatusChange(models.Model):
    """One step in a referral's history: who, when, from what to what."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=Status, blank=True)
    to_status = models.CharField(max_length=12, choices=Status)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Note(models.Model):
    """An interview note on a candidate."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:40]


class Reminder(models.Model):
    """A recruiter's reminder about a candidate, e-mailed on the day it is due."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reminders")
    owner = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField(_("due on"))
    text = models.CharField(_("reminder"), max_length=200)
    done_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["tenant", "owner", "done_at", "due_on"])]

    def __str__(self) -> str:
        return self.text


class ConsentRecord(models.Model):
    """A consent given, withdrawn or refused: when, which text version, through which
    channel (Y5)."""

    class Kind(models.TextChoices):
        PROCESSING = "processing", _("Processing for a job")
        TALENT_POOL = "talent_pool", _("Staying in the talent pool")

    class Action(models.TextChoices):
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        # Asked and answered no (the talent-pool box left unticked when confirming).
        REFUSED = "refused", _("Refused")

    class Channel(models.TextChoices):
        EMAIL_LINK = "email_link", _("Link in an e-mail")
        PUBLIC_FORM = "public_form", _("Public application form")
        MEMBER_SPACE = "member_space", _("Member space")
        SELF_SERVICE = "self_service", _("Personal data page")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(
        Referral,
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
        db_table = "privacy_consentrecord"  # its table from when the privacy app held it
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.action}"


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

    class Meta:
        db_table = "privacy_retentionpolicy"  # its table from when the privacy app held it

    def __str__(self) -> str:
        return f"retention of {self.tenant}"


class LinkToken(models.Model):
    """The key of a link e-mailed to a referred person (the consent page, their own data
    page), kept as its SHA-256 hash only: the link carries a random token that says nothing
    about the person, and the database cannot give the link back (``link_tokens.py``)."""

    class Purpose(models.TextChoices):
        CONSENT = "consent", _("Consent page")
        SELF_SERVICE = "self_service", _("Personal data page")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=12, choices=Purpose)
    token_hash = models.CharField(max_length=64, unique=True)
    # What the link opens: the referral (consent page) or the person, by the normalised
    # e-mail (their data page). The person's rows go when their data is erased.
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email_key = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField()
    # None: the link lasts as long as what it opens (the consent page closes by itself).
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "email_key"])]

    def __str__(self) -> str:
        return f"{self.purpose} link"


class Qualification(models.Model):
    """The network operator's qualification of a referred person (N3): the call's notes
    and a structured assessment, then forwarded to the client with a summary, or declined
    with a reason. One per referral, created when a qualifier first works on it.

    ``notes``, ``summary`` and ``salary_expectation`` are about the person: erasing their data
    blanks them (``QUALIFICATION_PERSONAL_FIELDS``).
    """

    class Availability(models.TextChoices):
        NOW = "now", _("Available now")
        ONE_MONTH = "one_month", _("Within a month")
        THREE_MONTHS = "three_months", _("Within three months")
        LATER = "later", _("Later")

    class Decision(models.TextChoices):
        FORWARDED = "forwarded", _("Forwarded to the client")
        DECLINED = "declined", _("Declined")

    class DeclineReason(models.TextChoices):
        UNREACHABLE = "unreachable", _("We could not reach the candidate")
        NOT_INTERESTED = "not_interested", _("The candidate is no longer interested")
        PROFILE = "profile", _("The profile does not match the job")
        SALARY = "salary", _("The salary expectations do not match")
        AVAILABILITY = "availability", _("The candidate is not available in time")
        OTHER = "other", _("Another reason")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="qualification"
    )
    assigned_to = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qualifications",
        verbose_name=_("qualifier"),
    )
    fit = models.PositiveSmallIntegerField(
        _("fit with the job"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    motivation = models.PositiveSmallIntegerField(
        _("motivation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    availability = models.CharField(
        _("availability"), max_length=12, choices=Availability, blank=True
    )
    salary_expectation = models.CharField(_("salary expectation"), max_length=100, blank=True)
    notes = models.TextField(_("call notes"), blank=True)
    summary = models.TextField(_("summary for the client"), blank=True)
    decision = models.CharField(max_length=10, choices=Decision, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=16, choices=DeclineReason, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "assigned_to"])]

    def __str__(self) -> str:
        return f"qualification of referral {self.referral_id}"


QUALIFICATION_PERSONAL_FIELDS = ("notes", "summary", "salary_expectation")
