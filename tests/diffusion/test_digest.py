"""The digest (D3): content, the cap, language, scheduling, idempotence and resume."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.diffusion import digest, sends
from coopt.diffusion.audience import AudienceSpec
from coopt.diffusion.digest import catalogue as digest_catalogue
from coopt.diffusion.matching import reasons_for_jobs, score
from coopt.diffusion.models import (
    Delivery,
    DiffusionSettings,
    DigestRun,
    FeaturedJob,
    Solicitation,
)
from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status
from coopt.notifications.models import Notification, OutboundEmail
from coopt.referrals.models import Referral, Status
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World
from ..emails import html_of

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
WEEKLY = Membership.DigestFrequency.WEEKLY


@pytest.fixture(autouse=True)
def _no_cached_catalogue() -> Iterator[None]:
    """A worker keeps a run's jobs for a while; test databases reuse run ids."""
    digest_catalogue._cache.clear()
    yield
    digest_catalogue._cache.clear()


def run_digest(tenant: Tenant, frequency: str = WEEKLY) -> DigestRun:
    """What the worker does, in process: this period's run, batch after batch."""
    run = digest.digest_start(tenant=tenant, frequency=frequency, enqueue=False)
    # A first batch of two; it queues the next ones (run at once: tasks are eager in tests).
    digest.digest_batch(run_id=run.pk, size=2)
    run.refresh_from_db()
    return run


def digest_to(membership: Membership) -> mail.EmailMessage:
    (found,) = [m for m in mail.outbox if m.to == [membership.user.email]]
    return found


def feature(job: Job) -> None:
    FeaturedJob.objects.create(tenant_id=job.tenant_id, job=job)


def run_send(job: Job, author: Membership) -> None:
    send = sends.send_start(job=job, spec=AudienceSpec(), author=author.user)
    sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    while sends.send_batch(send_id=send.pk).handled:
        pass


@pytest.fixture
def lyon(world: World) -> Tag:
    return Tag.objects.get(tenant=world.acme, name="Lyon")


@pytest.fixture
def only_member(world: World) -> Membership:
    """Only world.member reads digests: the other personas chose none."""
    Membership.objects.filter(tenant=world.acme).exclude(pk=world.member.pk).update(
        digest_frequency=Membership.DigestFrequency.NEVER
    )
    return world.member


def test_a_digest_offers_the_featured_jobs_and_the_best_new_matches(world, lyon, only_member):
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    world.member.interests.set([lyon, sales])
    featured = f.make_job(world.acme, title="Head of design")
    feature(featured)
    best = f.make_job(world.acme, title="Sales lead", locations=[lyon], job_family=sales)
    others = [f.make_job(world.acme, title=f"Sales rep {n}", job_family=sales) for n in range(5)]
    f.make_job(world.acme, title="Unrelated job")
    f.make_job(world.acme, title="Draft in Lyon", locations=[lyon], published=False)

    run = run_digest(world.acme)

    message = digest_to(world.member)
    html = html_of(message)
    assert message.subject == "Your job digest: 6 jobs for your network"
    assert "Head of design" in message.body and "Featured" in html
    assert "Sales lead" in message.body and "Why you: You follow Lyon and Sales" in message.body
    assert "Unrelated job" not in message.body and "Draft in Lyon" not in message.body
    # The best five matches: the job in Lyon and in Sales first, then the newest four of the
    # six that follow Sales or Lyon only (the fixture's job in Lyon is the oldest).
    assert message.body.index("Sales lead") < message.body.index("Sales rep")
    assert sum(job.title in message.body for job in others) == 4
    assert "Account manager" not in message.body
    assert f"http://acme.localhost/jobs/{best.pk}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://acme.localhost/unsubscribe/"
    )
    offered = Delivery.objects.filter(member=world.member, status=Delivery.Status.DIGESTED)
    assert offered.count() == 6
    email = OutboundEmail.objects.get(template="job-digest")
    assert set(offered.values_list("email_id", flat=True)) == {email.pk}
    notice = Notification.objects.get(recipient=world.member)
    assert (notice.text, notice.url) == ("6 new jobs for you in your digest", "/jobs/")
    assert Solicitation.objects.get(member=world.member, kind="digest").period == run.period
    assert (run.members, run.sent, run.empty, run.postponed) == (1, 1, 0, 0)
    assert run.finished_at is not None


def test_past_successes_in_a_job_family_bring_its_new_jobs(world, only_member):
    design = f.make_tag(world.acme, "Design", kind=Tag.Kind.FAMILY)
    old = f.make_job(world.acme, title="Old design job", job_family=design)
    referral = f.refer(referrer=world.member, job=old, email="a@example.org")
    Referral.objects.filter(pk=referral.pk).update(status=Status.HIRED)
    f.make_job(world.acme, title="Designer", job_family=design)
    run_digest(world.acme)
    body = digest_to(world.member).body
    assert "Designer" in body
    assert "One of your referrals in Design reached an interview" in body


def test_jobs_already_sent_to_the_member_are_skipped(world, lyon, only_member):
    world.member.interests.set([lyon])
    run_send(world.job, world.recruiter)
    assert len(mail.outbox) == 1
    mail.outbox.clear()
    run = run_digest(world.acme)
    # The only match was sent already: nothing new, so no e-mail at all.
    assert mail.outbox == []
    assert (run.members, run.sent, run.empty) == (1, 0, 1)
    assert not Solicitation.objects.filter(kind="digest").exists()


def test_deferred_jobs_come_in_the_next_digest_and_are_marked_digested(world, lyon, only_member):
    world.member.interests.set([lyon])
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=1)
    Solicitation.objects.create(
        tenant=world.acme, member=world.member, kind="targeted", created_at=timezone.now()
    )
    run_send(world.job, world.recruiter)
    delivery = Delivery.objects.get(member=world.member, job=world.job)
    assert delivery.status == Delivery.Status.DEFERRED
    assert mail.outbox == []
    # Next week the cap has room again, and the job (now out of the window) waits in the digest.
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        run = run_digest(world.acme)
    message = digest_to(world.member)
    assert "Account manager" in message.body and "Why you: You follow Lyon" in message.body
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DIGESTED
    assert delivery.email_id == OutboundEmail.objects.get(template="job-digest").pk
    assert delivery.send_id is not None  # still counted as deferred by its send
    assert run.sent == 1


def test_a_member_at_the_cap_gets_no_digest_and_keeps_the_deferred_jobs(world, lyon, only_member):
    world.member.interests.set([lyon])
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=1)
    Solicitation.objects.create(
        tenant=world.acme, member=world.member, kind="targeted", created_at=timezone.now()
    )
    run_send(world.job, world.recruiter)
    feature(f.make_job(world.acme, title="Head of design"))
    run = run_digest(world.acme)
    assert mail.outbox == []
    assert (run.members, run.sent, run.postponed) == (1, 0, 1)
    delivery = Delivery.objects.get(member=world.member, job=world.job)
    assert delivery.status == Delivery.Status.DEFERRED


def test_the_digest_speaks_the_members_language(world, lyon, only_member):
    world.member.user.language = "fr"
    world.member.user.save()
    world.expert.user.language = ""
    world.expert.user.save()
    Membership.objects.filter(pk=world.expert.pk).update(digest_frequency=WEEKLY)
    Tenant.objects.filter(pk=world.acme.pk).update(default_language="de")
    world.member.interests.set([lyon])
    world.expert.interests.set([lyon])
    run_digest(world.acme)
    french = OutboundEmail.objects.get(to_email=world.member.user.email)
    assert french.language == "fr"
    assert "Pourquoi vous :" in french.body_text and "Vous suivez Lyon" in french.body_text
    assert "Bonjour" in french.body_text
    assert OutboundEmail.objects.get(to_email=world.expert.user.email).language == "de"


def test_digest_preview_gives_what_the_digest_sends(world, lyon, only_member):
    world.member.interests.set([lyon])
    feature(f.make_job(world.acme, title="Head of design"))
    preview = digest.digest_preview(member=world.member)
    assert [offer.job.title for offer in preview] == ["Head of design", "Account manager"]
    run_digest(world.acme)
    body = digest_to(world.member).body
    assert body.index("Head of design") < body.index("Account manager")


@pytest.mark.parametrize(
    ("day", "frequencies"),
    [
        (datetime(2026, 11, 23, 7, tzinfo=PARIS), ["weekly"]),  # a Monday
        (datetime(2026, 12, 1, 7, tzinfo=PARIS), ["monthly"]),  # a Tuesday, the 1st
        (datetime(2027, 2, 1, 7, tzinfo=PARIS), ["weekly", "monthly"]),  # both
        (datetime(2026, 11, 25, 7, tzinfo=PARIS), []),  # a Wednesday
    ],
)
def test_digests_start_on_mondays_and_on_the_first_of_the_month(world, day, frequencies):
    with time_machine.travel(day, tick=False):
        started = digest.digests_start_due()
        assert digest.digests_start_due() == []  # a second call the same day starts nothing
    runs = DigestRun.objects.filter(pk__in=started)
    assert sorted(runs.filter(tenant=world.acme).values_list("frequency", flat=True)) == sorted(
        frequencies
    )
    assert runs.filter(tenant=world.globex).count() == len(frequencies)


def test_periods_are_iso_weeks_and_months_in_the_site_time_zone():
    # Sunday 23:30 UTC is already Monday in Paris.
    late_sunday = datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert digest.period_of(frequency="weekly", now=late_sunday) == "2026-W48"
    assert digest.period_of(frequency="monthly", now=late_sunday) == "2026-11"
    new_year = datetime(2027, 1, 1, 12, tzinfo=PARIS)
    assert digest.period_of(frequency="weekly", now=new_year) == "2026-W53"
    assert digest.period_of(frequency="monthly", now=new_year) == "2027-01"


def test_the_beat_sends_the_digests_of_the_day(world, django_capture_on_commit_callbacks):
    Membership.objects.filter(pk=world.member.pk).update(
        digest_frequency=Membership.DigestFrequency.MONTHLY
    )
    feature(world.job)
    with time_machine.travel(datetime(2026, 12, 1, 7, tzinfo=PARIS)):
        with django_capture_on_commit_callbacks(execute=True):
            (acme_run, _globex_run) = digest.digests_start_due()
    assert [m.to for m in mail.outbox] == [[world.member.user.email]]
    assert DigestRun.objects.get(pk=acme_run).finished_at is not None


def test_running_a_batch_twice_sends_nothing_more(world):
    feature(world.job)
    run = run_digest(world.acme)
    assert len(mail.outbox) == 4  # admin, recruiter, member, expert
    digest.digest_batch(run_id=run.pk)
    digest.digest_batch(run_id=run.pk)
    assert len(mail.outbox) == 4
    assert Solicitation.objects.filter(kind="digest").count() == 4
    run.refresh_from_db()
    assert (run.members, run.sent) == (4, 4)


def test_a_stalled_run_is_resumed_and_nobody_gets_two_digests(world):
    feature(world.job)
    run = digest.digest_start(tenant=world.acme, frequency=WEEKLY, enqueue=False)
    # The worker wrote the first batch, then was lost before queuing the next one.
    digest.digest_prepare_batch(run_id=run.pk, size=2)
    assert OutboundEmail.objects.count() == 2
    assert digest.digests_resume() == []  # its heartbeat is fresh
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert digest.digests_resume() == [run.pk]
        assert digest.digests_resume() == []  # resumed once, heartbeat touched
    run.refresh_from_db()
    assert run.finished_at is not None
    assert OutboundEmail.objects.count() == 4
    assert sorted(e.to_email for e in OutboundEmail.objects.all()) == sorted(
        m.user.email for m in (world.admin, world.recruiter, world.member, world.expert)
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert digest.digests_resume() == []  # finished runs stay finished


def test_other_tenants_are_untouched(world):
    feature(world.globex_job)
    feature(world.job)
    run_digest(world.acme)
    recipients = {m.to[0] for m in mail.outbox}
    assert world.outsider_member.user.email not in recipients
    assert all("Globex analyst" not in m.body for m in mail.outbox)
    assert not Delivery.objects.filter(tenant=world.globex).exists()


def test_members_who_chose_another_frequency_or_are_inactive_get_none(world):
    feature(world.job)
    Membership.objects.filter(pk=world.member.pk).update(
        digest_frequency=Membership.DigestFrequency.NEVER
    )
    Membership.objects.filter(pk=world.expert.pk).update(
        digest_frequency=Membership.DigestFrequency.MONTHLY
    )
    Membership.objects.filter(pk=world.admin.pk).update(is_active=False)
    Membership.objects.filter(pk=world.recruiter.pk).update(is_member=False)
    run_digest(world.acme)
    assert mail.outbox == []
    run_digest(world.acme, frequency=Membership.DigestFrequency.MONTHLY)
    assert [m.to for m in mail.outbox] == [[world.expert.user.email]]


def test_closed_jobs_are_not_offered_even_featured(world, lyon, only_member):
    world.member.interests.set([lyon])
    feature(world.job)
    job_set_status(job=world.job, status=Job.Status.CLOSED)
    run = run_digest(world.acme)
    assert mail.outbox == []
    assert run.empty == 1


def test_a_batchs_queries_do_not_grow_with_its_members():
    def queries_for(members: int) -> int:
        tenant = f.make_tenant(f"t{members}")
        lyon = f.make_tag(tenant, "Lyon")
        sales = f.make_tag(tenant, "Sales", kind=Tag.Kind.FAMILY)
        old = f.make_job(tenant, title="Old", job_family=sales)
        featured = f.make_job(tenant, title="Featured job")
        feature(featured)
        for number in range(3):
            f.make_job(tenant, title=f"Job {number}", locations=[lyon], job_family=sales)
        for number in range(members):
            member = f.make_member(tenant, email=f"m{number}@t{members}.test")
            member.interests.set([lyon, sales])
            Delivery.objects.create(
                tenant=tenant, job=old, member=member, status=Delivery.Status.DEFERRED
            )
        run = digest.digest_start(tenant=tenant, frequency=WEEKLY, enqueue=False)
        with CaptureQueriesContext(connection) as context:
            digest.digest_prepare_batch(run_id=run.pk, size=100)
        run.refresh_from_db()
        assert run.sent == members
        assert Delivery.objects.filter(member__tenant=tenant, status="digested").count() == (
            members * 5
        )
        return len(context.captured_queries)

    assert queries_for(30) == queries_for(5)


def test_the_best_matches_follow_the_matching_score(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    paris = f.make_tag(world.acme, "Paris")
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    retail = f.make_tag(world.acme, "Retail", kind=Tag.Kind.SECTOR)
    design = f.make_tag(world.acme, "Design", kind=Tag.Kind.FAMILY)
    world.member.interests.set([lyon, paris, retail])
    old = f.make_job(world.acme, title="Old design job", job_family=design)
    for email in ("a@example.org", "b@example.org"):
        referral = f.refer(referrer=world.member, job=old, email=email)
        Referral.objects.filter(pk=referral.pk).update(status=Status.MET)
    combos: list[dict[str, Any]] = [
        {"locations": [lyon, paris]},
        {"locations": [lyon], "sector": retail},
        {"job_family": design},
        {"job_family": design, "locations": [paris]},
        {"job_family": sales, "sector": retail},
        {"job_family": sales},
        {"locations": [paris]},
        {"sector": retail},
    ]
    for number, fields in enumerate(combos):
        f.make_job(world.acme, title=f"Job {number}", **fields)
    offered = [offer.job.pk for offer in digest.digest_preview(member=world.member)]

    by_score = []  # every published job of the window, scored by the matching
    for job in Job.objects.filter(tenant=world.acme, status=Job.Status.PUBLISHED):
        reasons = reasons_for_jobs(membership=world.member, jobs=[job], with_level=True)
        points = score(reasons[job.pk])
        if points > 0:
            by_score.append((points, job.published_at, job.pk))
    assert len(by_score) > 5
    assert offered == [pk for _points, _at, pk in sorted(by_score, reverse=True)[:5]]
