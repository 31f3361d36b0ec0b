import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.lib.currencies import DEFAULT_CURRENCY
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed-term")
    INTERNSHIP = "internship", _("Internship")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    FREELANCE = "freelance", _("Freelance")


class JobContent(models.Model):
    """Fields shared by jobs and job templates."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    job_family = models.ForeignKey(
        Tag,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("job family"),
        limit_choices_to={"kind": Tag.Kind.FAMILY},
    )
    sector = models.ForeignKey(
        Tag,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
        limit_choices_to={"kind": Tag.Kind.SECTOR},
    )
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType, default=ContractType.PERMANENT
    )
    salary_min = models.PositiveIntegerField(_("salary from"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary to"), null=True, blank=True)
    salary_currency = models.CharField(_("currency"), max_length=3, default=DEFAULT_CURRENCY)
    reward_note = models.CharField(
        _("referral reward"),
        max_length=200,
        blank=True,
        help_text=_("Shown to members, e.g. “1,000 EUR after the probation period”."),
    )

    class Meta:
        abstract = True


class Job(JobContent):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        FILLED = "filled", _("Filled")

    locations = models.ManyToManyField(
        Tag,
        related_name="jobs",
        blank=True,
        verbose_name=_("locations"),
        limit_choices_to={"kind": Tag.Kind.LOCATION},
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    # In a network tenant: the client company the job is posted for (N2).
    client = models.ForeignKey(
        "clients.ClientCompany",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("client company"),
    )
    # Network mode (N3): what the operator's qualifier asks the candidate on the phone.
    call_script = models.TextField(
        _("call script"),
        blank=True,
        help_text=_("The questions the qualifier asks each candidate on the phone."),
    )
    external_id = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The last day applications are taken (in the site's time zone); the job closes by
    # itself once it has passed (services.jobs_close_expired).
    closes_on = models.DateField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_("Optional. The job closes by itself at the end of this day."),
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["tenant", "status", "-published_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "external_id"],
                condition=~models.Q(external_id=""),
                name="job_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("jobs:public", args=[self.pk])

    @property
    def valid_through(self) -> datetime.datetime | None:
        """The end of the closing day, in the site's time zone; None without a closing date."""
        if self.closes_on is None:
            return None
        end = datetime.datetime.combine(self.closes_on, datetime.time(23, 59, 59))
        return timezone.make_aware(end, timezone.get_default_timezone())

    @property
    def hiring_organisation(self) -> str:
        """Who hires, as members and visitors read it: the client company (its public
        description when confidential, never its name), else the tenant."""
        if self.client_id is not None and self.client is not None:
            return self.client.public_name
        return self.tenant.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def next_statuses(self) -> list[str]:
        """The statuses the job may move to from where it is, in a stable order."""
        allowed = ALLOWED_TRANSITIONS[Job.Status(self.status)]
        return [status for status in Job.Status.values if status in allowed]


# Draft → published → closed or filled; a closed job may be published again.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Job.Status.DRAFT: {Job.Status.PUBLISHED},
    Job.Status.PUBLISHED: {Job.Status.CLOSED, Job.Status.FILLED},
    Job.Status.CLOSED: {Job.Status.PUBLISHED, Job.Status.FILLED},
    Job.Status.FILLED: set(),
}


class JobTemplate(JobContent):
    """A reusable starting point for jobs (J2)."""

    name = models.CharField(_("template name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def new_share_token() -> str:
    return secrets.token_urlsafe(12)


class ShareLink(models.Model):
    """A member's tracked link to a job: applications through it are their referrals."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="share_links")
    member = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32, unique=True, default=new_share_token)
    visits = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "member"], name="share_link_unique_member")
        ]

    def __str__(self) -> str:
        return self.token

    def get_absolute_url(self) -> str:
        return reverse("jobs:shared", args=[self.token])


def external_name_key(name: str) -> str:
    """How a source's name is matched: case and spacing do not count ("  paris " = "Paris")."""
    return " ".join(name.split()).casefold()


class ExternalTagMapping(models.Model):
    """A name a job source uses for a location or a job family, and the tenant's tag it
    stands for; without a tag it is a name nobody has mapped yet (J3)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Tag.Kind)
    external_name = models.CharField(_("name in the source"), max_length=200)
    # ``external_name_key(external_name)``: what the source's names are matched on.
    key = models.CharField(max_length=200)
    tag = models.ForeignKey(
        Tag,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tag"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kind", "key"], name="external_tag_mapping_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.external_name
