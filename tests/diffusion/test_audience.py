"""The audience (D1): the SQL ranking agrees with the matching, edits widen and narrow it,
the fixed rules keep people out, and nothing crosses tenants."""

import random

import pytest

from coopt.audit.actors import Actor
from coopt.clients.services import client_save
from coopt.diffusion.audience import AudienceSpec, counts, iter_members, sample, summary
from coopt.diffusion.matching import match_members
from coopt.diffusion.models import Delivery
from coopt.gamification.models import MemberScore
from coopt.referrals.models import Referral, Status
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags(world: World) -> dict[str, Tag]:
    return {
        "lyon": Tag.objects.get(tenant=world.acme, name="Lyon"),
        "paris": f.make_tag(world.acme, "Paris"),
        "sales": f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY),
        "legal": f.make_tag(world.acme, "Legal", kind=Tag.Kind.FAMILY),
        "retail": f.make_tag(world.acme, "Retail", kind=Tag.Kind.SECTOR),
    }


def test_the_audience_ranks_as_the_matching_scores(world, tags):
    """Random interests, points and past successes: same members, same scores, same order."""
    rng = random.Random(7)
    job = f.make_job(
        world.acme,
        title="Sales lead",
        locations=[tags["lyon"], tags["paris"]],
        job_family=tags["sales"],
        sector=tags["retail"],
    )
    older = f.make_job(world.acme, title="Old sales job", job_family=tags["sales"])
    members = [f.make_member(world.acme, email=f"m{i}@acme.test") for i in range(24)]
    for index, member in enumerate(members):
        member.interests.set(rng.sample(list(tags.values()), rng.randint(0, 3)))
        MemberScore.objects.create(
            tenant=world.acme, member=member, points=rng.choice([0, 50, 120, 400])
        )
        for n in range(rng.choice([0, 0, 1, 4])):
            referral = f.refer(referrer=member, job=older, email=f"c{index}.{n}@example.org")
            Referral.objects.filter(pk=referral.pk).update(
                status=rng.choice([Status.MET, Status.HIRED, Status.CONTACTED])
            )
    # A client company's recruiter is no referrer, even marked a member: neither path has
    # them, whatever they follow, their points and their past successes.
    bakery = client_save(tenant=world.acme, actor=Actor.system("test"), name="Bakery")
    clients = []
    for n, is_member in enumerate((True, False)):
        client = f.make_member(
            world.acme,
            email=f"client{n}@acme.test",
            is_member=is_member,
            is_recruiter=True,
            client=bakery,
        )
        client.interests.set(tags.values())
        MemberScore.objects.create(tenant=world.acme, member=client, points=400)
        referral = f.refer(referrer=client, job=older, email=f"client{n}@example.org")
        Referral.objects.filter(pk=referral.pk).update(status=Status.HIRED)
        clients.append(client.pk)

    expected = [(m.member.pk, m.score) for m in match_members(job=job)]
    found = [(pk, score) for pk, score, _level in iter_members(job=job, spec=AudienceSpec())]

    assert found == expected
    assert not {pk for pk, _score in found} & set(clients)
    assert counts(job=job, spec=AudienceSpec()).size == len(expected) > 5


def test_reasons_of_the_sample(world, tags):
    job = f.make_job(
        world.acme, title="Sales in Lyon", locations=[tags["lyon"]], job_family=tags["sales"]
    )
    world.member.interests.set([tags["lyon"], tags["sales"]])
    MemberScore.objects.create(tenant=world.acme, member=world.member, points=400)
    department = f.make_department(world.acme, "Finance")
    world.expert.department = department
    world.expert.save()

    spec = AudienceSpec(add_departments=[department.pk], add_members=[world.admin.pk])
    rows = {row.member: row for row in sample(job=job, spec=spec)}

    assert rows[world.member].followed == ["Lyon", "Sales"]
    assert rows[world.member].level == "expert"
    assert rows[world.member].score == 3 + 3 + 2
    assert rows[world.expert].by_department and rows[world.expert].score == 0
    assert rows[world.admin].by_hand
    assert list(rows)[0] == world.member  # the best first


def test_edits_widen_and_narrow(world, tags):
    world.member.interests.set([tags["lyon"]])
    world.expert.interests.set([tags["paris"]])
    department = f.make_department(world.acme, "Sales team")
    world.recruiter.department = department
    world.recruiter.save()

    def size(**edits: list[int]) -> int:
        return counts(job=world.job, spec=AudienceSpec(**edits)).size

    assert size() == 1
    assert size(add_tags=[tags["paris"].pk]) == 2
    assert size(remove_tags=[tags["lyon"].pk]) == 0
    assert size(add_departments=[department.pk]) == 2
    assert size(add_departments=[department.pk], remove_departments=[department.pk]) == 1
    assert size(add_members=[world.admin.pk]) == 2
    assert size(remove_members=[world.member.pk]) == 0


def test_the_fixed_rules_are_counted_apart(world, tags):
    for member in (world.member, world.expert, world.recruiter, world.admin):
        member.interests.set([tags["lyon"]])
    world.expert.notify_targeted = False
    world.expert.save()
    world.recruiter.is_active = False
    world.recruiter.save()
    Delivery.objects.create(tenant=world.acme, job=world.job, member=world.admin)

    found = counts(job=world.job, spec=AudienceSpec())

    assert (found.size, found.opted_out, found.inactive, found.already_sent) == (1, 1, 1, 1)
    assert [row.member for row in sample(job=world.job, spec=AudienceSpec())] == [world.member]


def test_ids_of_another_tenant_add_nobody(world, tags):
    berlin = f.make_tag(world.globex, "Berlin")
    world.outsider_member.interests.set([berlin, tags["lyon"]])
    globex_department = f.make_department(world.globex, "Ops")
    world.outsider_member.department = globex_department
    world.outsider_member.save()

    spec = AudienceSpec(
        add_tags=[berlin.pk],
        add_departments=[globex_department.pk],
        add_members=[world.outsider_member.pk, world.outsider.pk],
    )

    assert counts(job=world.job, spec=spec).size == 0
    assert counts(job=world.globex_job, spec=AudienceSpec(add_tags=[tags["lyon"].pk])).size == 0


@pytest.mark.parametrize("how_many", [5, 40])
def test_the_sample_takes_the_same_queries_whatever_the_size(
    world, tags, how_many, django_assert_max_num_queries
):
    for i in range(how_many):
        f.make_member(world.acme, email=f"p{i}@acme.test").interests.set([tags["lyon"]])
    with django_assert_max_num_queries(5):
        found = summary(job=world.job, spec=AudienceSpec())
    assert found.counts.size == len(found.sample) == how_many


@pytest.mark.parametrize("size", [3, 100])
def test_the_summary_is_the_counts_and_the_sample_in_one_pass(world, tags, size):
    """The editor's one statement gives what ``counts`` and ``sample`` give apart, with
    members of every excluded kind among the best scores."""
    rng = random.Random(11)
    members = [f.make_member(world.acme, email=f"s{i}@acme.test") for i in range(20)]
    for index, member in enumerate(members):
        member.interests.set(rng.sample([tags["lyon"], tags["paris"], tags["retail"]], 2))
        MemberScore.objects.create(tenant=world.acme, member=member, points=400 - index)
        member.is_active = index % 5 != 1
        member.notify_targeted = index % 5 != 2
        member.save()
        if index % 5 == 3:
            Delivery.objects.create(tenant=world.acme, job=world.job, member=member)
    spec = AudienceSpec(add_tags=[tags["paris"].pk, tags["retail"].pk])

    found = summary(job=world.job, spec=spec, size=size)

    assert found.counts == counts(job=world.job, spec=spec)
    assert (found.counts.inactive, found.counts.opted_out, found.counts.already_sent) == (4, 4, 4)
    expected = sample(job=world.job, spec=spec, size=size)
    assert [(row.member, row.score) for row in found.sample] == [
        (row.member, row.score) for row in expected
    ]
    assert len(found.sample) == min(size, found.counts.size)
