"""The benchmark's dataset: one tenant, "bench", the size of a large company.

200,000 members (users and memberships) with 3–4 interests each, drawn from skewed
(Zipf-like) distributions over 50 locations, 30 job families and 15 sectors, so that a
few tags are followed by tens of thousands of members and most by a few thousand; 10
departments; the seven languages; ~10 % opted out of targeted e-mails, ~3 % inactive;
digests mostly weekly; points (hence levels) for part of the members. 20,000 published
jobs with 1–2 locations, a family and a sector, published over the last year (a few
hundred in the last week, for the digest), three featured; a few thousand referrals that
reached an interview or a hire (the past successes of the matching).

The big tables are written with ``COPY``; the whole dataset in one transaction, so a run
cut short leaves nothing. A dataset of the same sizes is kept: ``make bench`` twice does
not generate it twice. ``BENCH_MEMBERS`` and ``BENCH_JOBS`` set the sizes.
"""

import os
import random
import time
from bisect import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from coopt.accounts.models import Department, Membership, User
from coopt.diffusion.models import FeaturedJob
from coopt.jobs.models import Job
from coopt.referrals.models import Consent, Referral, Source, Status
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Domain, Tenant

SLUG = "bench"
SEED = 20260101
RECRUITER_EMAIL = "recruiter@bench.example"

LOCATIONS = [
    "Paris", "Lyon", "Berlin", "Madrid", "Milan", "Amsterdam", "Warsaw", "Lille",
    "Munich", "Barcelona", "Toulouse", "Brussels", "Hamburg", "Rome", "Marseille",
    "Bordeaux", "Nantes", "Frankfurt", "Rotterdam", "Krakow", "Lisbon", "Remote",
    "Strasbourg", "Valencia", "Turin", "Cologne", "Utrecht", "Wroclaw", "Antwerp",
    "Geneva", "Zurich", "Rennes", "Nice", "Seville", "Naples", "Bologna", "The Hague",
    "Eindhoven", "Ghent", "Gdansk", "Poznan", "Porto", "Luxembourg", "Dublin",
    "London", "Manchester", "Vienna", "Prague", "Copenhagen", "Stockholm",
]  # fmt: skip
FAMILIES = [
    "Sales", "Engineering", "Customer Success", "Operations", "Marketing", "Data",
    "Finance", "Product", "Support", "Logistics", "IT", "Human Resources", "Design",
    "Project Management", "Manufacturing", "Quality", "Procurement", "Legal",
    "Accounting", "Business Development", "Research", "Security", "Maintenance",
    "Supply Chain", "Communications", "Consulting", "Recruiting", "Training",
    "Health and Safety", "Administration",
]  # fmt: skip
SECTORS = [
    "Software", "Banking", "Retail", "Insurance", "Energy", "Healthcare", "Automotive",
    "Telecom", "Transport", "Pharma", "Construction", "Media", "Aerospace", "Food",
    "Public sector",
]  # fmt: skip
DEPARTMENTS = [
    "Sales", "Engineering", "Operations", "Customer Care", "Finance", "IT", "Marketing",
    "Human Resources", "Legal", "Executive Office",
]  # fmt: skip
LANGUAGES = {"fr": 34, "en": 24, "de": 13, "es": 10, "it": 8, "nl": 6, "pl": 5}
FIRST_NAMES = [
    "Alice", "Bruno", "Chloé", "David", "Emma", "Farid", "Greta", "Hugo", "Inès", "Jan",
    "Karin", "Luca", "Marta", "Nina", "Oskar", "Paula", "Quentin", "Rosa", "Sven", "Tomasz",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Müller", "García", "Rossi", "de Vries", "Kowalski", "Bernard", "Schmidt",
    "López", "Bianchi", "Jansen", "Nowak", "Dubois", "Fischer", "Romano", "Peeters",
]  # fmt: skip
ROLES = ["Manager", "Specialist", "Lead", "Analyst", "Officer", "Associate", "Director"]


@dataclass(frozen=True)
class Sizes:
    members: int
    jobs: int

    @property
    def referrals(self) -> int:
        return max(self.members // 50, 20)  # 4,000 for 200,000 members

    @property
    def recent_jobs(self) -> int:
        return max(self.jobs * 3 // 200, 5)  # 300 of 20,000 in the last week

    @classmethod
    def from_env(cls) -> "Sizes":
        return cls(
            members=int(os.environ.get("BENCH_MEMBERS", "200000")),
            jobs=int(os.environ.get("BENCH_JOBS", "20000")),
        )


class Skewed:
    """Draws from a list with Zipf-like weights: the first items much more often."""

    def __init__(self, items: Sequence[Any], *, exponent: float, rng: random.Random) -> None:
        self.items = list(items)
        self.cumulative = list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))
        self.rng = rng

    def draw(self) -> Any:
        return self.items[bisect(self.cumulative, self.rng.random() * self.cumulative[-1])]


def weighted(choices: dict[Any, int], rng: random.Random) -> Any:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def existing(sizes: Sizes) -> Tenant | None:
    """The bench tenant when it holds a complete dataset of these sizes."""
    tenant = Tenant.objects.filter(slug=SLUG).first()
    if tenant is None:
        return None
    members = Membership.objects.filter(tenant=tenant, is_member=True).count()
    jobs = Job.objects.filter(tenant=tenant).count()
    return tenant if (members, jobs) == (sizes.members, sizes.jobs) else None


def ensure_dataset(sizes: Sizes, *, log: Any = print) -> Tenant:
    """The bench tenant with ``sizes``: kept if already there, else (re)generated."""
    found = existing(sizes)
    if found is not None:
        log(f"dataset: reusing tenant {SLUG!r} ({sizes.members} members, {sizes.jobs} jobs)")
        return found
    other_tenants = Tenant.objects.exclude(slug=SLUG).exists()
    if other_tenants:
        raise SystemExit(
            "The bench database holds other tenants: point DATABASE_URL at a database of "
            "the bench's own (it is emptied when the sizes change)."
        )
    if Tenant.objects.exists():
        log("dataset: sizes changed, emptying the bench database")
        call_command("flush", interactive=False, verbosity=0)
    started = time.monotonic()
    tenant = generate(sizes, log=log)
    # As autovacuum would have done on a table that old: the visibility map, which
    # index-only scans need, and fresh statistics.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"dataset: generated in {time.monotonic() - started:.0f} s")
    return tenant


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """``COPY`` rows into a table; returns how many."""
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def next_ids(table: str, count: int) -> range:
    """``count`` fresh ids for explicit inserts; the identity is moved past them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + count]
        )
    return range(start, start + count)


@transaction.atomic
def generate(sizes: Sizes, *, log: Any = print) -> Tenant:
    rng = random.Random(SEED)
    now = timezone.now()
    tenant = Tenant.objects.create(name="Bench Industries", slug=SLUG, default_language="en")
    Domain.objects.create(tenant=tenant, domain="bench.localhost", is_primary=True)
    recruiter = User.objects.create_user(RECRUITER_EMAIL, None, first_name="Rita")
    Membership.objects.create(
        tenant=tenant, user=recruiter, is_member=False, is_recruiter=True, is_admin=True
    )
    tags = {
        kind: Tag.objects.bulk_create(Tag(tenant=tenant, kind=kind, name=n) for n in names)
        for kind, names in (
            (Tag.Kind.LOCATION, LOCATIONS),
            (Tag.Kind.FAMILY, FAMILIES),
            (Tag.Kind.SECTOR, SECTORS),
        )
    }
    locations = Skewed([t.pk for t in tags[Tag.Kind.LOCATION]], exponent=1.0, rng=rng)
    families = Skewed([t.pk for t in tags[Tag.Kind.FAMILY]], exponent=0.9, rng=rng)
    sectors = Skewed([t.pk for t in tags[Tag.Kind.SECTOR]], exponent=0.8, rng=rng)
    departments = Skewed(
        [d.pk for d in Department.objects.bulk_create(
            Department(tenant=tenant, name=name) for name in DEPARTMENTS
        )],
        exponent=0.7,
        rng=rng,
    )  # fmt: skip
    member_ids = _members(
        tenant, sizes, rng=rng, now=now, tags=(locations, families, sectors), deps=departments
    )
    log(f"dataset: {len(member_ids)} members")
    job_ids = _jobs(tenant, sizes, rng=rng, now=now, tags=(locations, families, sectors))
    log(f"dataset: {len(job_ids)} jobs")
    _referrals(tenant, sizes, rng=rng, now=now, member_ids=member_ids, job_ids=job_ids)
    recent = Job.objects.filter(tenant=tenant).order_by("-published_at")[:3]
    FeaturedJob.objects.bulk_create(FeaturedJob(tenant=tenant, job=job) for job in recent)
    return tenant


def _members(
    tenant: Tenant,
    sizes: Sizes,
    *,
    rng: random.Random,
    now: datetime,
    tags: tuple[Skewed, Skewed, Skewed],
    deps: Skewed,
) -> list[int]:
    locations, families, sectors = tags
    user_ids = next_ids("accounts_user", sizes.members)
    member_ids = next_ids("accounts_membership", sizes.members)
    users: list[tuple[Any, ...]] = []
    members: list[tuple[Any, ...]] = []
    interests: list[tuple[int, int]] = []
    scores: list[tuple[Any, ...]] = []
    for n, (user_id, member_id) in enumerate(zip(user_ids, member_ids, strict=True)):
        joined = now - timedelta(days=rng.uniform(1, 5 * 365))
        language = "" if rng.random() < 0.05 else weighted(LANGUAGES, rng)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        # password "!": an unusable password, as for members who sign in by code.
        users.append(
            (user_id, "!", False, first, last, False, True, joined, f"member{n}@bench.example",
             language)
        )  # fmt: skip
        followed = _interests(rng, locations=locations, families=families, sectors=sectors)
        interests.extend((member_id, tag_id) for tag_id in followed)
        active = rng.random() >= 0.03
        frequency = weighted({"weekly": 80, "monthly": 14, "never": 6}, rng)
        members.append(
            (
                member_id, tenant.pk, user_id, True, False, False, False, f"E{n:06d}",
                None if rng.random() < 0.05 else deps.draw(), followed[0],
                rng.random() >= 0.10, frequency, active, joined, joined, joined,
                None if active else now - timedelta(days=rng.uniform(1, 300)), joined,
                "", False, "", "",
            )
        )  # fmt: skip
        if rng.random() < 0.45:
            scores.append((tenant.pk, member_id, _points(rng), now))
    copy_rows(
        "accounts_user",
        ["id", "password", "is_superuser", "first_name", "last_name", "is_staff", "is_active",
         "date_joined", "email", "language"],
        users,
    )  # fmt: skip
    copy_rows(
        "accounts_membership",
        ["id", "tenant_id", "user_id", "is_member", "is_expert", "is_recruiter", "is_admin",
         "employee_id", "department_id", "location_id", "notify_targeted", "digest_frequency",
         "is_active", "invited_at", "joined_at", "onboarded_at", "deactivated_at", "created_at",
         "external_id", "leaderboard_name_shown", "employer_name", "employer_domain"],
        members,
    )  # fmt: skip
    copy_rows("accounts_membership_interests", ["membership_id", "tag_id"], interests)
    copy_rows(
        "gamification_memberscore",
        ["tenant_id", "member_id", "points", "updated_at"],
        scores,
    )
    return list(member_ids)


def _interests(
    rng: random.Random, *, locations: Skewed, families: Skewed, sectors: Skewed
) -> list[int]:
    """3 or 4 distinct tags: a location, a family, a sector, maybe one more of the first two;
    the first is the location (the member's own)."""
    followed = [locations.draw(), families.draw(), sectors.draw()]
    if rng.random() < 0.5:
        extra = locations if rng.random() < 0.6 else families
        for _attempt in range(10):
            tag_id = extra.draw()
            if tag_id not in followed:
                followed.append(tag_id)
                break
    return followed


def _points(rng: random.Random) -> int:
    """Beginners mostly, some confirmed (100+), a few experts (300+)."""
    band = rng.random()
    if band < 0.6:
        return rng.randint(0, 99)
    if band < 0.9:
        return rng.randint(100, 299)
    return rng.randint(300, 2000)


def _jobs(
    tenant: Tenant,
    sizes: Sizes,
    *,
    rng: random.Random,
    now: datetime,
    tags: tuple[Skewed, Skewed, Skewed],
) -> list[int]:
    locations, families, sectors = tags
    names = {tag.pk: tag.name for tag in Tag.objects.filter(tenant=tenant)}
    job_ids = next_ids("jobs_job", sizes.jobs)
    jobs: list[tuple[Any, ...]] = []
    job_locations: list[tuple[int, int]] = []
    for n, job_id in enumerate(job_ids):
        recent = n >= sizes.jobs - sizes.recent_jobs
        age = rng.uniform(0.1, 6.9) if recent else rng.uniform(8, 365)
        published = now - timedelta(days=age)
        family, sector = families.draw(), sectors.draw()
        where = [locations.draw()]
        if rng.random() < 0.3:
            second = locations.draw()
            if second not in where:
                where.append(second)
        title = f"{names[family]} {rng.choice(ROLES)} – {names[where[0]]}"
        description = (
            f"Join our {names[family]} team in {names[where[0]]} and work with "
            f"{names[sector]} clients. " * 4
        )
        salary = rng.randrange(30_000, 90_000, 1000)
        jobs.append(
            (
                job_id, tenant.pk, title, description, "permanent", salary, salary + 10_000,
                "EUR", "", "published", "", published, published, published, family, sector, "",
            )
        )  # fmt: skip
        job_locations.extend((job_id, tag_id) for tag_id in where)
    copy_rows(
        "jobs_job",
        ["id", "tenant_id", "title", "description", "contract_type", "salary_min", "salary_max",
         "salary_currency", "reward_note", "status", "external_id", "created_at", "updated_at",
         "published_at", "job_family_id", "sector_id", "call_script"],
        jobs,
    )  # fmt: skip
    copy_rows("jobs_job_locations", ["job_id", "tag_id"], job_locations)
    return list(job_ids)


def _referrals(
    tenant: Tenant,
    sizes: Sizes,
    *,
    rng: random.Random,
    now: datetime,
    member_ids: list[int],
    job_ids: list[int],
) -> None:
    """Past successes: referrals that reached an interview (met) or a hire."""
    # A tenth of the members make most of the referrals, as in real programmes.
    referrers = rng.sample(member_ids, max(len(member_ids) // 10, 1))
    referrals = []
    for n in range(sizes.referrals):
        hired = rng.random() < 0.4
        referrals.append(
            Referral(
                tenant=tenant,
                job_id=rng.choice(job_ids),
                referrer_id=rng.choice(referrers),
                source=Source.REFERRAL,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"candidate{n}@example.org",
                status=Status.HIRED if hired else Status.MET,
                consent=Consent.CONFIRMED,
                consent_answered_at=now - timedelta(days=rng.uniform(10, 400)),
                closed_at=now - timedelta(days=rng.uniform(1, 300)) if hired else None,
            )
        )
    Referral.objects.bulk_create(referrals, batch_size=1000)
