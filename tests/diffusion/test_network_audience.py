"""Who a network solicits (D1–D3, N2): referrers only, and only for the jobs matching their
profile; a client company's recruiter and the operator's staff who are not referrers are
never in a send's audience nor in a digest. Every published job stays on the board."""

from dataclasses import dataclass

import pytest
from django.core import mail
from django.urls import reverse

from coopt.accounts.models import Department, Membership
from coopt.audit.actors import Actor
from coopt.clients.models import ClientCompany
from coopt.clients.services import client_recruiter_invite, client_save
from coopt.diffusion import digest, sends
from coopt.diffusion.audience import AudienceSpec, counts, iter_members, summary
from coopt.diffusion.digest import catalogue as digest_catalogue
from coopt.diffusion.matching import match_members
from coopt.diffusion.models import Delivery, FeaturedJob
from coopt.gamification.models import MemberScore
from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World
from ..network.helpers import make_network

pytestmark = pytest.mark.django_db


@dataclass
class Network:
    lyon: Tag
    bakery: ClientCompany
    shop: ClientCompany
    referrer: Membership  # an outside referrer following Lyon
    client_recruiter: Membership  # invited by the operator for the bakery
    staff: Membership  # the operator's recruiter, not a referrer
    bakery_job: Job  # in Lyon
    shop_job: Job  # in Paris: matches nobody's profile

    @property
    def never(self) -> set[int]:
        return {self.client_recruiter.pk, self.staff.pk}


@pytest.fixture
def net(world: World) -> Network:
    make_network(world)
    # The world's own people are not part of this story: they read no digest, follow nothing.
    Membership.objects.filter(tenant=world.acme).update(
        digest_frequency=Membership.DigestFrequency.NEVER
    )
    digest_catalogue._cache.clear()
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    paris = f.make_tag(world.acme, "Paris")
    actor = Actor.system("test")
    bakery = client_save(tenant=world.acme, actor=actor, name="Boulanger SA")
    shop = client_save(tenant=world.acme, actor=actor, name="Maison Secrète", is_confidential=True)
    client_recruiter = client_recruiter_invite(
        client=bakery, actor=actor, email="rh@boulanger.test", first_name="Rose"
    )
    staff = f.make_member(world.acme, email="staff@reseau.test", is_member=False, is_recruiter=True)
    referrer = f.make_member(world.acme, email="coopteur@reseau.test")
    team = Department.objects.create(tenant=world.acme, name="Everyone")
    for person in (client_recruiter, staff, referrer):
        # Same profile, top level, same department, reading weekly digests.
        person.interests.set([lyon, paris])
        person.department = team
        person.digest_frequency = Membership.DigestFrequency.WEEKLY
        person.save(update_fields=["department", "digest_frequency"])
        MemberScore.objects.create(tenant=world.acme, member=person, points=400)
    referrer.interests.set([lyon])
    author = world.recruiter.user
    bakery_job = f.make_job(
        world.acme, author=author, title="Baker", locations=[lyon], client=bakery
    )
    shop_job = f.make_job(
        world.acme, author=author, title="Store manager", locations=[paris], client=shop
    )
    return Network(lyon, bakery, shop, referrer, client_recruiter, staff, bakery_job, shop_job)


def audience_ids(job: Job, spec: AudienceSpec | None = None) -> set[int]:
    return {pk for pk, _score, _level in iter_members(job=job, spec=spec or AudienceSpec())}


def test_a_client_recruiter_is_not_a_member_and_the_staff_here_neither(net: Network) -> None:
    net.client_recruiter.refresh_from_db()
    assert net.client_recruiter.client == net.bakery
    assert net.client_recruiter.is_member is False
    assert net.staff.is_member is False
    assert net.referrer.is_member is True and net.referrer.client is None


def test_only_the_referrer_is_in_the_default_audience(world: World, net: Network) -> None:
    assert audience_ids(net.bakery_job) == {net.referrer.pk}
    assert [m.member for m in match_members(job=net.bakery_job)] == [net.referrer]
    assert counts(job=net.bakery_job, spec=AudienceSpec()).size == 1


def test_adding_them_by_hand_or_by_department_adds_nobody_but_referrers(
    world: World, net: Network
) -> None:
    spec = AudienceSpec(
        add_members=sorted(net.never),
        add_departments=[net.referrer.department_id or 0],
    )
    assert audience_ids(net.bakery_job, spec) == {net.referrer.pk}
    found = summary(job=net.bakery_job, spec=spec)
    assert found.counts.size == 1
    assert [row.member for row in found.sample] == [net.referrer]


def test_a_send_reaches_the_referrer_alone(world: World, net: Network) -> None:
    send = sends.send_start(
        job=net.bakery_job,
        spec=AudienceSpec(add_members=sorted(net.never)),
        author=world.recruiter.user,
    )
    assert send.audience_size == 1
    sends.send_prepare(send_id=send.pk)
    sends.waves_release_due()
    while sends.send_batch(send_id=send.pk).handled:
        pass
    assert [m.to for m in mail.outbox] == [[net.referrer.user.email]]
    assert set(Delivery.objects.values_list("member_id", flat=True)) == {net.referrer.pk}


def test_a_referrer_is_not_solicited_for_a_job_outside_their_profile(net: Network) -> None:
    assert net.referrer.pk not in audience_ids(net.shop_job)
    assert audience_ids(net.shop_job) == set()


def test_the_digest_goes_to_the_referrer_alone_even_with_a_featured_job(
    world: World, net: Network
) -> None:
    FeaturedJob.objects.create(tenant=world.acme, job=net.shop_job)
    run = digest.digest_start(
        tenant=world.acme, frequency=Membership.DigestFrequency.WEEKLY, enqueue=False
    )
    digest.digest_batch(run_id=run.pk, size=10)
    run.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[net.referrer.user.email]]
    assert (run.members, run.sent) == (1, 1)
    assert not Delivery.objects.filter(member_id__in=net.never).exists()


def test_a_client_recruiter_marked_a_member_by_mistake_is_still_left_out(
    world: World, net: Network
) -> None:
    """A client company's recruiter is never a referrer, whatever the flag says."""
    Membership.objects.filter(pk=net.client_recruiter.pk).update(is_member=True)
    assert audience_ids(net.bakery_job, AudienceSpec(add_members=sorted(net.never))) == {
        net.referrer.pk
    }
    assert [m.member for m in match_members(job=net.bakery_job)] == [net.referrer]
    run = digest.digest_start(
        tenant=world.acme, frequency=Membership.DigestFrequency.WEEKLY, enqueue=False
    )
    digest.digest_batch(run_id=run.pk, size=10)
    assert [m.to for m in mail.outbox] == [[net.referrer.user.email]]


def test_a_queued_delivery_to_a_client_recruiter_is_dropped_at_the_batch(
    world: World, net: Network
) -> None:
    """The last check before the e-mail: who became a client's recruiter since the send
    was prepared hears nothing."""
    send = sends.send_start(job=net.bakery_job, spec=AudienceSpec(), author=world.recruiter.user)
    sends.send_prepare(send_id=send.pk)
    Membership.objects.filter(pk=net.referrer.pk).update(client=net.bakery)
    sends.waves_release_due()
    while sends.send_batch(send_id=send.pk).handled:
        pass
    assert mail.outbox == []
    assert not Delivery.objects.filter(send=send).exists()  # nothing went: no row kept


def test_the_board_shows_a_referrer_every_published_job_of_the_network(
    world: World, net: Network
) -> None:
    closed = f.make_job(world.acme, title="Closed baker job", locations=[net.lyon])
    job_set_status(job=closed, status=Job.Status.CLOSED)
    f.make_job(world.acme, title="Draft job", published=False)
    response = world.client_for(net.referrer).get(reverse("jobs:board"))
    assert response.status_code == 200
    shown = {job.pk for job in response.context["jobs"]}
    published = set(
        Job.objects.filter(tenant=world.acme, status=Job.Status.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    assert shown == published
    assert {net.bakery_job.pk, net.shop_job.pk, world.job.pk} <= shown
    assert closed.pk not in shown
    page = response.content.decode()
    assert "Store manager" in page and "Baker" in page
    # The job outside their profile opens too.
    detail = world.client_for(net.referrer).get(net.shop_job.get_absolute_url())
    assert detail.status_code == 200
