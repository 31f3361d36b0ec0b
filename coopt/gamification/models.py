"""Points, levels, badges, leaderboards and contests (G1–G3)."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopt.tenants.models import Tenant


class Action(models.TextChoices):
    """What earns points. The keys are fixed; the points per action are per tenant."""

    REFERRAL_MADE = "referral_made", _("Referral made")
    REFERRAL_CONFIRMED = "referral_confirmed", _("Referral confirmed by the candidate")
    INTERVIEW = "interview", _("Candidate interviewed")
    HIRE = "hire", _("Candidate hired")
    SHARE = "share", _("Job shared (your link was visited)")
    ANSWER = "answer", _("Question answered")
    SPONSORSHIP = "sponsorship", _("Sponsorship")
    VISIT = "visit", _("Visited the jobs (once a day)")
    # Network mode (N3, N6): the operator qualified the referral and forwarded it to the
    # client; a sponsee's first forwarded referral earns their sponsor points too, once.
    REFERRAL_FORWARDED = "referral_forwarded", _("Referral forwarded to the company")
    SPONSEE_FORWARDED = "sponsee_forwarded", _("A sponsee's first referral forwarded")
    # Not in the tenant's point table: the points of a points-kind reward (W1), as its rule
    # says, credited when the reward is due and taken back if it is cancelled.
    REWARD = "reward", _("Reward for a hire")


DEFAULT_POINTS: dict[str, int] = {
    Action.REFERRAL_MADE: 10,
    Action.REFERRAL_CONFIRMED: 20,
    Action.INTERVIEW: 30,
    Action.HIRE: 100,
    Action.SHARE: 2,
    Action.ANSWER: 5,
    Action.SPONSORSHIP: 10,
    Action.VISIT: 1,
    Action.REFERRAL_FORWARDED: 30,
    Action.SPONSEE_FORWARDED: 20,
}
# Earned in network mode only: not offered in an internal company's point table.
NETWORK_ACTIONS = frozenset({Action.REFERRAL_FORWARDED, Action.SPONSEE_FORWARDED})

# Days of visits to the jobs that earn points in one calendar month, unless the tenant says.
DEFAULT_VISIT_DAYS_PER_MONTH = 20
MAX_VISIT_DAYS_PER_MONTH = 31


class LevelKey(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    CONFIRMED = "confirmed", pgettext_lazy("level", "Confirmed")
    EXPERT = "expert", _("Expert")


class PointRule(models.Model):
    """Points one action earns in one tenant (seeded with DEFAULT_POINTS on first use)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=Action)
    points = models.PositiveIntegerField(_("points"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "action"], name="pointrule_unique_action")
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.points}"


class PointEvent(models.Model):
    """One award: a member did something once. ``ref`` names the thing, e.g.
    ``referral:42:made``; (member, action, ref) is unique so it never counts twice.

    Referral events are recorded even when the action is worth 0 points: contests
    count them.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="point_events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    points = models.IntegerField(_("points"))
    ref = models.CharField(max_length=120)
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "action", "ref"], name="pointevent_once_per_ref"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "created_at"]),
            models.Index(fields=["tenant", "action", "created_at"]),
            models.Index(fields=["member", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.ref} +{self.points}"


class PointSettings(models.Model):
    """A tenant's limits on points that could be farmed: days of job visits per month."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="+")
    visit_days_per_month = models.PositiveSmallIntegerField(
        _("days of visits that earn points each month"),
        default=DEFAULT_VISIT_DAYS_PER_MONTH,
        validators=[MaxValueValidator(MAX_VISIT_DAYS_PER_MONTH)],
        help_text=_("A visit to the jobs counts once a day, up to this many days a month."),
    )

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.visit_days_per_month} visit days"


class ReferralLevel(models.Model):
    """The referrer's level when they made the referral (G2), kept for the bounty by level:
    the level at recommendation counts, so points earned afterwards change nothing."""

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    member = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=20, choices=LevelKey)
    points = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.level}"


class MemberScore(models.Model):
    """A member's cached points total. Whether their name is shown on leaderboards is
    their own opt-in, ``Membership.leaderboard_name_shown``."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(
        "accounts.Membership", on_delete=models.CASCADE, related_name="score"
    )
    points = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.member_id}: {self.points}"


class LevelSettings(models.Model):
    """A tenant's level names (display only; keys are fixed) and thresholds."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="+")
    beginner_name = models.CharField(_("name of the first level"), max_length=40, blank=True)
    confirmed_name = models.CharField(_("name of the second level"), max_length=40, blank=True)
    expert_name = models.CharField(_("name of the third level"), max_length=40, blank=True)
    confirmed_threshold = models.PositiveIntegerField(_("points for the second level"), default=100)
    expert_threshold = models.PositiveIntegerField(_("points for the third level"), default=300)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confirmed_threshold__gt=0)
                & models.Q(expert_threshold__gt=models.F("confirmed_threshold")),
                name="levelsettings_thresholds_increase",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.confirmed_threshold}/{self.expert_threshold}"


class MemberBadge(models.Model):
    """A badge a member earned; the keys live in coopt.gamification.badges."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="badges"
    )
    key = models.CharField(max_length=32)
    awarded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["awarded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "key"], name="memberbadge_once")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.key}"


class Contest(models.Model):
    """A time-boxed challenge: who makes the most referral events of a kind."""

    class Criterion(models.TextChoices):
        MADE = "made", _("Referrals made")
        CONFIRMED = "confirmed", _("Referrals confirmed by the candidate")
        MET = "met", _("Candidates interviewed")
        HIRED = "hired", _("Candidates hired")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    criterion = models.CharField(_("criterion"), max_length=10, choices=Criterion)
    job_family = models.ForeignKey(
        "taxonomy.Tag",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only jobs of the family"),
    )
    prize = models.CharField(_("prize"), max_length=200)
    created_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    winners_computed_at = models.DateTimeField(null=True, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["tenant", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="contest_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ContestWinner(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="winners")
    member = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "member"], name="contestwinner_once")
        ]

    def __str__(self) -> str:
        return f"{self.contest_id}: {self.member_id}"
