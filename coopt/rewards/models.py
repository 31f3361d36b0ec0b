"""Reward rules, the reward ledger and payout choices (W1–W3, W5)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.lib.currencies import CURRENCY_CHOICES, DEFAULT_CURRENCY
from coopt.tenants.models import Tenant

# The level keys of the gamification app (G2), beginner first.
LEVEL_KEYS = ("beginner", "confirmed", "expert")
MAX_PROBATION_MONTHS = 24
ZERO = Decimal("0.00")

money_validators = [MinValueValidator(ZERO)]


class Kind(models.TextChoices):
    CASH = "cash", _("Cash bonus")
    POINTS = "points", _("Points")
    GIFT = "gift", _("Gift")


class RewardRule(models.Model):
    """What a hire earns its referrer (W1): the tenant default, or one job's override.

    ``job`` is empty for the tenant default: one per tenant, enforced below.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    job = models.OneToOneField(
        "jobs.Job",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reward_rule",
    )
    kind = models.CharField(_("kind of reward"), max_length=8, choices=Kind, default=Kind.CASH)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, default=ZERO, validators=money_validators
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default=DEFAULT_CURRENCY
    )
    amount_beginner = models.DecimalField(
        _("amount for a beginner"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=money_validators,
    )
    amount_confirmed = models.DecimalField(
        _("amount for a confirmed member"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=money_validators,
    )
    amount_expert = models.DecimalField(
        _("amount for an expert"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=money_validators,
    )
    points = models.PositiveIntegerField(_("points"), default=0)
    gift = models.CharField(_("gift"), max_length=200, blank=True)
    probation_months = models.PositiveSmallIntegerField(
        _("probation period (months)"),
        default=0,
        validators=[MaxValueValidator(MAX_PROBATION_MONTHS)],
        help_text=_("The reward is due this many months after the hire; 0 means at once."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"],
                condition=models.Q(job__isnull=True),
                name="reward_rule_one_default_per_tenant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.job_id or 'default'})"

    def clean(self) -> None:
        if self.kind == Kind.CASH and not (
            self.amount > ZERO or any(amount for _key, amount in self.level_amounts())
        ):
            raise ValidationError({"amount": _("Enter the amount of the bonus.")})
        if self.kind == Kind.POINTS and not self.points:
            raise ValidationError({"points": _("Enter how many points the hire earns.")})
        if self.kind == Kind.GIFT and not self.gift.strip():
            raise ValidationError({"gift": _("Describe the gift.")})

    @property
    def is_default(self) -> bool:
        return self.job_id is None

    @property
    def has_level_amounts(self) -> bool:
        return any(amount is not None for _key, amount in self.level_amounts())

    def level_amounts(self) -> list[tuple[str, Decimal | None]]:
        return [(key, getattr(self, f"amount_{key}")) for key in LEVEL_KEYS]

    def amount_for_level(self, level_key: str) -> Decimal:
        """The cash amount for a referrer at ``level_key``; the base amount when unset."""
        if level_key in LEVEL_KEYS:
            by_level = getattr(self, f"amount_{level_key}")
            if by_level is not None:
                return by_level
        return self.amount


class State(models.TextChoices):
    PENDING = "pending", _("Pending")
    DUE = "due", _("Due")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class Milestone(models.TextChoices):
    HIRE = "hire", _("Hire")
    # W4: the sponsor's share of their sponsee's first hire (network mode).
    SPONSOR_BONUS = "sponsor_bonus", _("Sponsor bonus")


class Choice(models.TextChoices):
    """How the member takes a due cash reward (W3)."""

    KEEP = "keep", _("Keep it")
    CHARITY = "charity", _("Give it to a charity")
    SPLIT = "split", _("Split 50/50 with a charity")
    CREDITS = "credits", _("Job-ad credits")


class Charity(models.Model):
    """A charity the tenant lets members give their reward to."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(
        _("offered to members"),
        default=True,
        help_text=_("Untick to stop offering it; past gifts keep their record."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("charities")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="charity_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PayoutSettings(models.Model):
    """A tenant's payout options: the charity top-up and job-ad credits (W3)."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="+")
    charity_top_up = models.DecimalField(
        _("charity top-up"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
        validators=money_validators,
        help_text=_("What the company adds when a member gives a whole reward to a charity."),
    )
    top_up_currency = models.CharField(
        _("top-up currency"),
        max_length=3,
        choices=CURRENCY_CHOICES,
        default=DEFAULT_CURRENCY,
        help_text=_("The top-up applies to rewards in this currency."),
    )
    credits_enabled = models.BooleanField(
        _("members may turn a reward into job-ad credits"), default=False
    )
    credits_per_reward = models.PositiveSmallIntegerField(
        _("job-ad credits per reward"), default=3, validators=[MinValueValidator(1)]
    )
    sponsor_bonus = models.DecimalField(
        _("sponsor bonus"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("250.00"),
        validators=money_validators,
        help_text=_(
            "Network mode: what a sponsor earns on the first hire from their sponsee's "
            "recommendations; 0 turns it off."
        ),
    )
    sponsor_bonus_currency = models.CharField(
        _("sponsor bonus currency"),
        max_length=3,
        choices=CURRENCY_CHOICES,
        default=DEFAULT_CURRENCY,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payout settings")

    def __str__(self) -> str:
        return f"payout settings of {self.tenant_id}"

    def top_up_for(self, currency: str) -> Decimal:
        return self.charity_top_up if currency == self.top_up_currency else ZERO


class Reward(models.Model):
    """One line of the ledger (W2): what a referrer earns at a milestone of a referral.

    At most one per referral and milestone, enforced by the database, so that a
    double click, a retried task or two recruiters at once never pay twice.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="rewards"
    )
    member = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="rewards"
    )
    milestone = models.CharField(max_length=16, choices=Milestone, default=Milestone.HIRE)
    rule = models.ForeignKey(
        RewardRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.CASH)
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    currency = models.CharField(max_length=3, default="EUR")
    points = models.PositiveIntegerField(default=0)
    gift = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=20, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    hired_on = models.DateField()
    probation_months = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField()
    became_due_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    departure_on = models.DateField(null=True, blank=True)
    departure_reason = models.CharField(max_length=300, blank=True)
    # The payout choice (W3); empty until the member chooses.
    choice = models.CharField(max_length=8, choices=Choice, blank=True)
    chosen_at = models.DateTimeField(null=True, blank=True)
    charity = models.ForeignKey(
        Charity, on_delete=models.PROTECT, null=True, blank=True, related_name="rewards"
    )
    member_part = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    charity_part = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    top_up = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    credits = models.PositiveSmallIntegerField(default=0)
    # R2/R6: the hire worked at the referrer's own employer; the whole reward goes to a
    # partner charity, and the referrer cannot choose otherwise.
    own_employer = models.BooleanField(default=False)
    # W4, a sponsor bonus: the sponsee whose referral was hired (``referral.referrer``).
    sponsee = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "milestone"], name="reward_once_per_referral_milestone"
            ),
            # One sponsor bonus standing per sponsee: a cancelled one (the hire undone or
            # left during probation) lets a later hire of that sponsee earn it.
            models.UniqueConstraint(
                fields=["sponsee"],
                condition=models.Q(milestone="sponsor_bonus") & ~models.Q(state="cancelled"),
                name="reward_one_sponsor_bonus_per_sponsee",
            ),
            models.CheckConstraint(
                condition=models.Q(milestone="sponsor_bonus", sponsee__isnull=False)
                | (~models.Q(milestone="sponsor_bonus") & models.Q(sponsee__isnull=True)),
                name="reward_sponsee_only_on_sponsor_bonus",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=State.values), name="reward_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "state", "due_on"]),
            models.Index(fields=["member", "state"]),
        ]

    def __str__(self) -> str:
        return f"reward #{self.pk} ({self.state})"

    @property
    def is_cash(self) -> bool:
        return self.kind == Kind.CASH

    @property
    def is_sponsor_bonus(self) -> bool:
        return self.milestone == Milestone.SPONSOR_BONUS

    @property
    def sponsee_first_name(self) -> str:
        """All a sponsor reads of the sponsee's hire: their sponsee's first name."""
        if self.sponsee is None:
            return ""
        return self.sponsee.user.first_name or str(_("your sponsee"))

    @property
    def can_choose(self) -> bool:
        """The member may choose (or change) how to take it until it is paid."""
        return (
            self.is_cash
            and self.state == State.DUE
            and self.amount > ZERO
            and not self.own_employer
        )

    @property
    def parts(self) -> tuple[Decimal, Decimal]:
        """(member part, charity part); a reward nobody chose for is kept whole."""
        if not self.choice:
            return (self.amount if self.is_cash else ZERO, ZERO)
        return (self.member_part, self.charity_part)


class Event(models.TextChoices):
    """Why a reward moved; ``RewardTransition.reason`` adds the author's own words."""

    HIRED = "hired", _("Hired: the reward is pending until the probation period ends")
    PROBATION_OVER = "probation_over", _("The probation period is over")
    CHOSEN = "chosen", _("Payout choice recorded")
    PAID = "paid", _("Paid")
    DEPARTURE = "departure", _("The hire left during the probation period")
    HIRE_UNDONE = "hire_undone", _("The hire was withdrawn in the pipeline")
    HIRED_AGAIN = "hired_again", _("Hired again")


class RewardTransition(models.Model):
    """One step in a reward's life: who, when, from what to what, and why.

    A payout choice is recorded as a step from ``due`` to ``due``.
    """

    reward = models.ForeignKey(Reward, on_delete=models.CASCADE, related_name="transitions")
    event = models.CharField(max_length=16, choices=Event)
    from_state = models.CharField(max_length=10, choices=State, blank=True)
    to_state = models.CharField(max_length=10, choices=State)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    choice = models.CharField(max_length=8, choices=Choice, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


# Job-ad credits (W3, item 9) ----------------------------------------------------------


class CreditAccount(models.Model):
    """A member's job-ad credits: the balance, kept with its movements (``CreditMovement``).

    The balance never goes below zero (a database rule); a spend locks the row first.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(
        "accounts.Membership", on_delete=models.CASCADE, related_name="credit_account"
    )
    balance = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance__gte=0), name="credit_balance_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"credits of {self.member_id}: {self.balance}"


class CreditMovement(models.Model):
    """One change of a balance: credits earned by a reward paid as credits, or one spent
    on a job ad."""

    class Reason(models.TextChoices):
        EARNED = "earned", _("Reward taken as job-ad credits")
        SPENT = "spent", _("Job ad posted")

    account = models.ForeignKey(CreditAccount, on_delete=models.CASCADE, related_name="movements")
    delta = models.IntegerField()
    reason = models.CharField(max_length=8, choices=Reason)
    reward = models.OneToOneField(
        Reward, on_delete=models.PROTECT, null=True, blank=True, related_name="credit_movement"
    )
    job_post = models.OneToOneField(
        "JobPostRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_movement",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.delta:+d} ({self.reason})"


class JobPostRequest(models.Model):
    """A member asks to post a job for their own company, paid with one credit.

    The first time, the operator approves the company (it becomes a ``ClientCompany``);
    a request for a company already approved for this member is approved at once.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the operator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="job_post_requests"
    )
    company_name = models.CharField(_("company name"), max_length=120)
    company_website = models.URLField(_("company website"), blank=True)
    contact_name = models.CharField(_("contact's name"), max_length=120)
    contact_email = models.EmailField(_("contact's e-mail"))
    client = models.ForeignKey(
        "clients.ClientCompany",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("job title"), max_length=200)
    description = models.TextField(_("job description"), max_length=5000)
    location = models.CharField(_("location"), max_length=120)
    state = models.CharField(max_length=8, choices=State, default=State.PENDING)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    job = models.OneToOneField(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "state", "-created_at"])]

    def __str__(self) -> str:
        return f"job post request #{self.pk} ({self.state})"
