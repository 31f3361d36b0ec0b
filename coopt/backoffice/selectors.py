"""Reads for the recruiter back office: KPIs, pipeline views, candidate page.

Everything is scoped to the recruiter's tenant. Referrals whose person has not
confirmed are handed to templates as ``AnonymousReferral``: an object that
carries no personal data at all, so no template can leak it by mistake (R3).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.accounts.pseudonyms import referrer_pseudonym
from coopt.clients.models import ClientCompany
from coopt.gamification.levels import level_key_at_referral
from coopt.gamification.models import LevelKey
from coopt.jobs.models import Job
from coopt.jobs.selectors import jobs_for_recruiter, jobs_in_reach
from coopt.referrals.models import (
    BOARD_STATUSES,
    OPEN_STATUSES,
    Consent,
    Document,
    Note,
    Referral,
    ReferralQuerySet,
    Reminder,
    Status,
    StatusChange,
    consent_open_q,
    visible_to_recruiter_q,
)
from coopt.referrals.selectors import referrals_in_reach, reminders_due_for
from coopt.rewards.models import RewardRule
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant


@dataclass(frozen=True)
class AnonymousReferral:
    """What a recruiter may know about a referral before the person confirms."""

    pk: int
    consent: str
    consent_label: str
    referrer_name: str
    created_at: datetime.datetime
    job_id: int
    job_title: str


def referrer_label(referral: Referral, viewer: Membership) -> str:
    """Who made the referral, as ``viewer`` may read it: the name for the company's (or the
    operator's) own staff; for a client company's recruiter a pseudonym and the level at
    the recommendation, never a name, e-mail or id (N5). Empty without a referrer."""
    referrer = referral.referrer
    if referrer is None:
        return ""
    if viewer.client_id is None:
        return referrer.display_name
    level = level_key_at_referral(referral_id=referral.pk)
    pseudonym = referrer_pseudonym(referrer)
    if level is None:
        return pseudonym
    return f"{pseudonym} · {LevelKey(level).label}"


def anonymous(referral: Referral, viewer: Membership) -> AnonymousReferral:
    return AnonymousReferral(
        pk=referral.pk,
        consent=referral.consent,
        consent_label=str(Consent(referral.consent).label),
        referrer_name=referrer_label(referral, viewer),
        created_at=referral.created_at,
        job_id=referral.job_id,
        job_title=referral.job.title,
    )


@dataclass(frozen=True)
class PipelineRow:
    """A referral as a row or card: ``referral`` only when its person confirmed."""

    referral: Referral | None
    anonymous: AnonymousReferral | None
    # Who referred, as the viewer may read it (``referrer_label``); on ``anonymous`` too.
    referrer_name: str = ""

    @property
    def visible(self) -> bool:
        return self.referral is not None


def row_for(referral: Referral, viewer: Membership) -> PipelineRow:
    if referral.is_visible_to_recruiter:
        return PipelineRow(
            referral=referral, anonymous=None, referrer_name=referrer_label(referral, viewer)
        )
    return PipelineRow(referral=None, anonymous=anonymous(referral, viewer))


# --- Overview -----------------------------------------------------------------


@dataclass(frozen=True)
class Kpis:
    published_jobs: int
    awaiting: int
    in_process: int
    hires_this_year: int


def office_kpis(*, member: Membership) -> Kpis:
    """The four numbers on the back office home page, over the jobs in the member's reach
    (a client's recruiter: their company's)."""
    now = timezone.localtime()
    start_of_year = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    counts = referrals_in_reach(member).aggregate(
        awaiting=Count("id", filter=consent_open_q() & Q(consent=Consent.AWAITING)),
        in_process=Count("id", filter=visible_to_recruiter_q() & Q(status__in=OPEN_STATUSES)),
    )
    hires = (
        StatusChange.objects.filter(
            referral__in=referrals_in_reach(member),
            to_status=Status.HIRED,
            created_at__gte=start_of_year,
        )
        .values("referral_id")
        .distinct()
        .count()
    )
    return Kpis(
        published_jobs=jobs_in_reach(member).filter(status=Job.Status.PUBLISHED).count(),
        awaiting=counts["awaiting"],
        in_process=counts["in_process"],
        hires_this_year=hires,
    )


def reminders_due_today(*, owner: Membership) -> QuerySet[Reminder]:
    """My open reminders due today or overdue."""
    return reminders_due_for(owner=owner).filter(due_on__lte=timezone.localdate())


def latest_referrals(*, member: Membership, limit: int = 10) -> list[PipelineRow]:
    referrals = (
        referrals_in_reach(member)
        .select_related("job", "referrer__user")
        .order_by("-created_at", "-id")[:limit]
    )
    return [row_for(referral, member) for referral in referrals]


# --- Jobs ---------------------------------------------------------------------


def jobs_with_counts(*, member: Membership, status: str = "", text: str = "") -> QuerySet[Job]:
    """The recruiter's job list with referral counts, in one query per page (a client's
    recruiter: their company's jobs only)."""
    jobs = jobs_for_recruiter(member=member, status=status, text=text).select_related("featured")
    # A client's recruiter counts only what the operator forwarded to them (N3).
    reach = Q(referrals__forwarded_at__isnull=False) if member.client_id is not None else Q()
    return jobs.annotate(
        awaiting_count=Count(
            "referrals",
            filter=reach & consent_open_q("referrals__") & Q(referrals__consent=Consent.AWAITING),
            distinct=True,
        ),
        in_process_count=Count(
            "referrals",
            filter=reach
            & visible_to_recruiter_q("referrals__")
            & Q(referrals__status__in=OPEN_STATUSES),
            distinct=True,
        ),
        hired_count=Count(
            "referrals", filter=reach & Q(referrals__status=Status.HIRED), distinct=True
        ),
    )


def transfer_targets(*, referral: Referral, member: Membership) -> QuerySet[Job]:
    """Jobs a person can be moved to: the other jobs still in play in the member's reach."""
    return (
        jobs_in_reach(member)
        .filter(tenant_id=referral.tenant_id, status__in=[Job.Status.DRAFT, Job.Status.PUBLISHED])
        .exclude(pk=referral.job_id)
        .order_by("title", "id")
    )


# --- Pipeline -----------------------------------------------------------------


def pipeline_referrals(*, job: Job, member: Membership) -> ReferralQuerySet:
    """The job's referrals in the member's reach (a client's recruiter: those forwarded)."""
    return (
        referrals_in_reach(member)
        .filter(job=job)
        .select_related("job", "referrer__user", "applicant__user", "transferred_to__job")
        .order_by("-created_at", "-id")
        .annotate(document_count=Count("documents"))
    )


@dataclass
class Column:
    status: str
    label: str
    rows: list[PipelineRow] = field(default_factory=list)


@dataclass
class Board:
    columns: list[Column]
    awaiting: list[AnonymousReferral]
    transferred: list[Referral]
    declined: int = 0
    expired: int = 0
    erased: int = 0

    @property
    def total(self) -> int:
        in_columns = sum(len(column.rows) for column in self.columns)
        return in_columns + len(self.awaiting) + len(self.transferred) + self.gone

    @property
    def gone(self) -> int:
        return self.declined + self.expired + self.erased


def pipeline_board(*, job: Job, member: Membership) -> Board:
    """One column per pipeline status; unconfirmed people anonymous; the rest as counts."""
    columns = {status: Column(status=status, label=str(status.label)) for status in BOARD_STATUSES}
    board = Board(columns=list(columns.values()), awaiting=[], transferred=[])
    for referral in pipeline_referrals(job=job, member=member):
        if referral.consent_closed:
            if referral.consent == Consent.DECLINED:
                board.declined += 1
            elif referral.consent == Consent.EXPIRED:
                board.expired += 1
            else:
                board.erased += 1
        elif referral.consent == Consent.AWAITING:
            board.awaiting.append(anonymous(referral, member))
        elif referral.status == Status.TRANSFERRED:
            board.transferred.append(referral)
        elif referral.status in columns:
            columns[Status(referral.status)].rows.append(row_for(referral, member))
    return board


AWAITING_FILTER = "awaiting"


def pipeline_list(*, job: Job, member: Membership, status: str = "") -> QuerySet[Referral]:
    """The list view: everyone still identifiable, unconfirmed people included (anonymous)."""
    referrals = pipeline_referrals(job=job, member=member).consent_open()
    if status == AWAITING_FILTER:
        referrals = referrals.filter(consent=Consent.AWAITING)
    elif status:
        referrals = referrals.filter(consent=Consent.CONFIRMED, status=status)
    return referrals


def gone_counts(*, job: Job, member: Membership) -> dict[str, int]:
    """How many referrals of the job left no personal data, by reason.

    Erased are the confirmed ones only: a person erased before they answered is counted
    nowhere, unlike on the board (``pipeline_board``).
    """
    closed = referrals_in_reach(member).filter(job=job).consent_closed()
    return closed.aggregate(
        declined=Count("id", filter=Q(consent=Consent.DECLINED)),
        expired=Count("id", filter=Q(consent=Consent.EXPIRED)),
        erased=Count("id", filter=Q(consent=Consent.CONFIRMED)),
    )


def movable_referrals(*, job: Job, member: Membership) -> QuerySet[Referral]:
    """Referrals a bulk status change may touch: confirmed, not transferred, in reach."""
    return (
        referrals_in_reach(member)
        .filter(job=job)
        .visible_to_recruiter()
        .exclude(status=Status.TRANSFERRED)
    )


# --- Candidate ----------------------------------------------------------------


@dataclass
class CandidateFile:
    documents: list[Document]
    history: list[StatusChange]
    notes: list[Note]
    reminders: list[Reminder]
    transferred_from: list[Referral]


def candidate_file(*, referral: Referral) -> CandidateFile:
    """Everything the candidate page shows about a confirmed person."""
    return CandidateFile(
        documents=list(referral.documents.all()),
        history=list(referral.history.select_related("author").order_by("created_at", "id")),
        notes=list(referral.notes.select_related("author").order_by("-created_at", "-id")),
        reminders=list(
            referral.reminders.select_related("owner__user").order_by("done_at", "due_on", "id")
        ),
        transferred_from=list(referral.transferred_from.select_related("job")),
    )


# --- The first-run checklist ------------------------------------------------------


@dataclass(frozen=True)
class ChecklistStep:
    key: str
    label: str | Promise
    done: bool


@dataclass(frozen=True)
class Checklist:
    steps: list[ChecklistStep]

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)


def first_run_checklist(*, tenant: Tenant) -> Checklist:
    """What a new company's admin still has to set up, read from the data in one query.

    Brand: a logo, or colours other than the product's. Taxonomy: a location and a job
    family. A reward rule. A job published once. A member besides the admins (imported or
    added), and an invitation sent to one.
    """
    default = Tenant()  # the product's own colours, which a company has not chosen
    tags = Tag.objects.filter(tenant=OuterRef("pk"), is_archived=False)
    people = Membership.objects.filter(tenant=OuterRef("pk"), is_admin=False)
    row = (
        Tenant.objects.filter(pk=tenant.pk)
        .annotate(
            has_location=Exists(tags.filter(kind=Tag.Kind.LOCATION)),
            has_family=Exists(tags.filter(kind=Tag.Kind.FAMILY)),
            has_rule=Exists(RewardRule.objects.filter(tenant=OuterRef("pk"))),
            has_published=Exists(
                Job.objects.filter(tenant=OuterRef("pk"), published_at__isnull=False)
            ),
            has_members=Exists(people.filter(is_active=True)),
            has_invited=Exists(people.filter(invited_at__isnull=False)),
            has_client=Exists(ClientCompany.objects.filter(tenant=OuterRef("pk"))),
        )
        .values(
            "logo",
            "primary_colour",
            "accent_colour",
            "has_location",
            "has_family",
            "has_rule",
            "has_published",
            "has_members",
            "has_invited",
            "has_client",
        )
        .get()
    )
    branded = (
        bool(row["logo"])
        or row["primary_colour"] != default.primary_colour
        or row["accent_colour"] != default.accent_colour
    )
    # A network posts its jobs for client companies: one comes before the first job.
    network_steps = (
        [ChecklistStep("client", _("Add a first client company"), row["has_client"])]
        if tenant.mode == Tenant.Mode.NETWORK
        else []
    )
    return Checklist(
        steps=[
            ChecklistStep("brand", _("Set your logo or colours"), branded),
            ChecklistStep(
                "taxonomy",
                _("Add a location and a job family"),
                row["has_location"] and row["has_family"],
            ),
            ChecklistStep("reward", _("Set a referral reward"), row["has_rule"]),
            *network_steps,
            ChecklistStep("job", _("Publish a first job"), row["has_published"]),
            ChecklistStep("members", _("Import your members"), row["has_members"]),
            ChecklistStep("invitations", _("Invite your members"), row["has_invited"]),
        ]
    )


@dataclass(frozen=True)
class TagUsage:
    jobs: int = 0
    members: int = 0


def tag_usage(*, tenant: Tenant, kind: str, tag_ids: list[int]) -> dict[int, TagUsage]:
    """For the taxonomy editor: how many jobs carry each tag and how many active members
    follow it (two queries)."""
    jobs = Job.objects.filter(tenant=tenant)
    if kind == Tag.Kind.LOCATION:
        by_job = jobs.filter(locations__in=tag_ids).values_list("locations").annotate(n=Count("pk"))
    else:
        column = "job_family" if kind == Tag.Kind.FAMILY else "sector"
        by_job = (
            jobs.filter(**{f"{column}__in": tag_ids}).values_list(column).annotate(n=Count("pk"))
        )
    job_counts = dict(by_job)
    member_counts = dict(
        Membership.objects.filter(tenant=tenant, is_active=True, interests__in=tag_ids)
        .values_list("interests")
        .annotate(n=Count("pk"))
    )
    return {
        pk: TagUsage(jobs=job_counts.get(pk, 0), members=member_counts.get(pk, 0)) for pk in tag_ids
    }
