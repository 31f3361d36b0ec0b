from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Roles live on Membership, one per tenant."""

    # Django's documented way to drop an inherited field; the stubs cannot express it.
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []  # noqa: RUF012

    # The stubs pin AbstractUser.objects to Django's UserManager; Django accepts any
    # BaseUserManager (django-stubs#174, a Liskov check mypy cannot waive).
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Department(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in one tenant: roles, department, interests, preferences (M1–M5)."""

    class DigestFrequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        NEVER = "never", _("Never")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    is_member = models.BooleanField(_("member"), default=True)
    is_expert = models.BooleanField(_("expert"), default=False)
    is_recruiter = models.BooleanField(_("recruiter"), default=False)
    is_admin = models.BooleanField(_("admin"), default=False)
    employee_id = models.CharField(_("employee id"), max_length=64, blank=True)
    # The member's key in the company's HR system, for a sync by API or CSV (M1, X5): unique
    # in the tenant when set.
    external_id = models.CharField(_("external id"), max_length=128, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("department")
    )
    location = models.ForeignKey(
        "taxonomy.Tag",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("manager")
    )
    interests = models.ManyToManyField(
        "taxonomy.Tag",
        blank=True,
        related_name="interested_memberships",
        verbose_name=_("interests"),
    )
    notify_targeted = models.BooleanField(_("e-mail me jobs that match my interests"), default=True)
    digest_frequency = models.CharField(
        _("job digest"), max_length=8, choices=DigestFrequency, default=DigestFrequency.WEEKLY
    )
    # Opt-in: a member's name is on leaderboards and contests only when they ask for it.
    leaderboard_name_shown = models.BooleanField(
        _("show my name on leaderboards and contests"), default=False
    )
    # In a network tenant: the client company this recruiter works for. They see only that
    # company's jobs and candidates; operator staff have none and see everything (N2).
    client = models.ForeignKey(
        "clients.ClientCompany",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recruiters",
        verbose_name=_("client company"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    onboarded_at = models.DateTimeField(null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Network mode (N1): who sponsored this member, and where they work (R2: a referral of
    # someone at their own employer pays a charity, not them).
    sponsor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsees",
        verbose_name=_("sponsor"),
    )
    employer_name = models.CharField(_("current employer"), max_length=200, blank=True)
    employer_domain = models.CharField(_("employer's e-mail domain"), max_length=253, blank=True)
    # Network mode (N5): the number of the pseudonym client companies see instead of this
    # referrer's name ("Referrer #4821"); drawn at random the first time it is needed.
    referrer_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # An admin who hid the back office's first-run checklist (backoffice.services).
    checklist_dismissed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="membership_unique_user"),
            models.UniqueConstraint(
                fields=["tenant", "referrer_number"], name="membership_unique_referrer_number"
            ),
            models.UniqueConstraint(
                fields=["tenant", "external_id"],
                condition=~models.Q(external_id=""),
                name="membership_unique_external_id",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.tenant}"

    @property
    def is_staff_role(self) -> bool:
        """Recruiters and admins work in the back office and need two-factor sign-in."""
        return self.is_recruiter or self.is_admin

    @property
    def is_client_recruiter(self) -> bool:
        """A recruiter of one client company of a network, not the operator's staff."""
        return self.client_id is not None

    @property
    def is_in_house_recruiter(self) -> bool:
        """A recruiter or admin of the company itself (of the operator, in a network)."""
        return self.is_staff_role and self.client_id is None

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.email

    def role_labels(self) -> list[str]:
        labels = []
        for flag, label in (
            (self.is_member, _("member")),
            (self.is_expert, _("expert")),
            (self.is_recruiter, _("recruiter")),
            (self.is_admin, _("admin")),
        ):
            if flag:
                labels.append(str(label))
        return labels
