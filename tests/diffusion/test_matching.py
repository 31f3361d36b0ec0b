"""Matching (D1): who fits a job, how much, why, in a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopt.accounts.models import Membership
from coopt.diffusion import matching
from coopt.diffusion.matching import Reasons, match_members, reasons_for_jobs, score
from coopt.gamification.models import MemberScore
from coopt.jobs.models import Job
from coopt.referrals.models import Referral, Status
from coopt.taxonomy.models import Tag

from .. import factories as f


def set_points(member: Membership, points: int) -> None:
    MemberScore.objects.update_or_create(
        member=member, defaults={"tenant": member.tenant, "points": points}
    )


def referral_with_status(member: Membership, job: Job, status: str, email: str) -> Referral:
    referral = f.refer(referrer=member, job=job, email=email)
    Referral.objects.filter(pk=referral.pk).update(status=status)
    return referral


def test_the_score_adds_the_named_weights():
    reasons = Reasons(locations=["Lyon", "Paris"], family="Sales", sector="Retail", level="expert")
    expected = (
        2 * matching.LOCATION_WEIGHT
        + matching.FAMILY_WEIGHT
        + matching.SECTOR_WEIGHT
        + matching.LEVEL_WEIGHTS["expert"]
    )
    assert score(reasons) == expected == 3 + 3 + 3 + 2 + 2


def test_the_level_alone_is_not_a_match_but_adds_to_one():
    assert score(Reasons(level="expert")) == 0
    assert score(Reasons(locations=["Lyon"], level="beginner")) == 3
    assert score(Reasons(locations=["Lyon"], level="confirmed")) == 4
    assert score(Reasons(locations=["Lyon"], level="expert")) == 5


def test_past_successes_count_two_each_up_to_the_cap():
    assert score(Reasons(past_successes=1, success_family="Sales")) == 2
    assert score(Reasons(past_successes=2, success_family="Sales")) == 4
    capped = matching.PAST_SUCCESS_CAP * matching.PAST_SUCCESS_WEIGHT
    assert score(Reasons(past_successes=10, success_family="Sales")) == capped


@pytest.mark.django_db
def test_members_come_best_first_with_their_reasons(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    retail = f.make_tag(world.acme, "Retail", kind=Tag.Kind.SECTOR)
    paris = f.make_tag(world.acme, "Paris")
    job = f.make_job(
        world.acme, title="Sales in Lyon", locations=[lyon], job_family=sales, sector=retail
    )
    world.member.interests.set([lyon, sales])
    world.expert.interests.set([retail])
    set_points(world.expert, 300)
    world.recruiter.interests.set([lyon, sales, retail])
    world.admin.interests.set([paris])  # nothing in common with the job
    set_points(world.admin, 1000)

    matches = match_members(job=job)

    assert [(m.member, m.score) for m in matches] == [
        (world.recruiter, 8),
        (world.member, 6),
        (world.expert, 4),
    ]
    reasons = matches[1].reasons
    assert (reasons.locations, reasons.family, reasons.sector) == (["Lyon"], "Sales", "")
    assert reasons.level == "beginner"
    assert matches[2].reasons.level == "expert"
    assert [m.member for m in match_members(job=job, limit=2)] == [world.recruiter, world.member]


@pytest.mark.django_db
def test_past_success_counts_only_met_or_hired_in_the_same_family_and_for_that_member(world):
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    legal = f.make_tag(world.acme, "Legal", kind=Tag.Kind.FAMILY)
    job = f.make_job(world.acme, title="Sales lead", job_family=sales)
    older_sales = f.make_job(world.acme, title="Old sales job", job_family=sales)
    legal_job = f.make_job(world.acme, title="Lawyer", job_family=legal)
    referral_with_status(world.member, older_sales, Status.MET, "a@example.org")
    referral_with_status(world.member, older_sales, Status.HIRED, "b@example.org")
    referral_with_status(world.member, older_sales, Status.NOT_RETAINED, "c@example.org")
    referral_with_status(world.member, older_sales, Status.CONTACTED, "d@example.org")
    referral_with_status(world.member, legal_job, Status.HIRED, "e@example.org")
    referral_with_status(world.expert, legal_job, Status.HIRED, "f@example.org")

    matches = match_members(job=job)

    assert [m.member for m in matches] == [world.member]
    assert matches[0].reasons.past_successes == 2
    assert matches[0].reasons.success_family == "Sales"
    assert matches[0].score == 4
    in_legal = {m.member: m.reasons.past_successes for m in match_members(job=legal_job)}
    assert in_legal == {world.member: 1, world.expert: 1}


@pytest.mark.django_db
def test_inactive_members_and_other_tenants_are_left_out(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    world.member.interests.set([lyon])
    world.expert.interests.set([lyon])
    world.expert.is_active = False
    world.expert.save()
    berlin = f.make_tag(world.globex, "Berlin")
    world.outsider_member.interests.set([berlin, lyon])  # even a foreign tag id

    assert [m.member for m in match_members(job=world.job)] == [world.member]
    assert match_members(job=world.globex_job) == []


@pytest.mark.django_db
def test_a_job_nobody_follows_matches_no_one(world):
    job = f.make_job(world.acme, title="Unrelated")
    assert match_members(job=job) == []


@pytest.mark.django_db
def test_the_explanation_is_in_the_members_language(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    world.member.interests.set([lyon])
    world.member.user.language = "en"
    world.member.user.save()
    (match,) = match_members(job=world.job)
    assert match.explanation() == "You follow Lyon"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_the_query_count_does_not_grow_with_members(world, count, django_assert_max_num_queries):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    sales = f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY)
    job = f.make_job(world.acme, title="Sales in Lyon", locations=[lyon], job_family=sales)
    other = f.make_job(world.acme, title="Other sales job", job_family=sales)
    for number in range(count):
        member = f.make_member(world.acme, email=f"m{number}@acme.test")
        member.interests.set([lyon, sales] if number % 2 else [lyon])
        set_points(member, number * 10)
        if number % 3 == 0:
            referral_with_status(member, other, Status.MET, f"r{number}@example.org")
    with django_assert_max_num_queries(6):
        matches = match_members(job=job)
    assert len(matches) == count
    with CaptureQueriesContext(connection) as queries:
        for match in matches:
            match.explanation()
    assert len(queries) == 0


@pytest.mark.django_db
def test_reasons_for_a_page_of_jobs_name_the_level_only_when_asked(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    world.member.interests.set([lyon])
    set_points(world.member, 150)
    job = f.make_job(world.acme, title="Elsewhere")
    plain = reasons_for_jobs(membership=world.member, jobs=[world.job, job])
    assert plain[world.job.pk].locations == ["Lyon"]
    assert plain[job.pk].followed == []
    assert plain[world.job.pk].level == "beginner"
    leveled = reasons_for_jobs(membership=world.member, jobs=[world.job], with_level=True)
    assert leveled[world.job.pk].level == "confirmed"
    assert reasons_for_jobs(membership=world.member, jobs=[]) == {}
