"""A share earns points once: on the first visit of the member's tracked link by someone else."""

from coopt.gamification.levels import points_of
from coopt.gamification.models import Action, MemberBadge, PointEvent
from coopt.jobs.services import share_link_for


def test_the_first_visit_of_a_share_link_earns_the_share_points(world, acme_client):
    link = share_link_for(job=world.job, member=world.member)
    for _visit in range(3):
        response = acme_client.get(f"/s/{link.token}/")
        assert response.status_code == 302
    event = PointEvent.objects.get(member=world.member, action=Action.SHARE)
    assert event.ref == f"share:{link.pk}"
    assert points_of(member=world.member) == 2
    assert MemberBadge.objects.filter(member=world.member, key="first_share").exists()


def test_the_member_following_their_own_link_earns_nothing(world):
    link = share_link_for(job=world.job, member=world.member)
    response = world.client_for(world.member).get(f"/s/{link.token}/")
    assert response.status_code == 302
    assert not PointEvent.objects.exists()


def test_a_colleague_visiting_the_link_counts(world):
    link = share_link_for(job=world.job, member=world.member)
    world.client_for(world.expert).get(f"/s/{link.token}/")
    assert PointEvent.objects.filter(member=world.member, action=Action.SHARE).count() == 1


def test_each_job_shared_counts_once(world, acme_client):
    from .. import factories as f

    other_job = f.make_job(world.acme, title="Designer")
    for job in (world.job, other_job):
        link = share_link_for(job=job, member=world.member)
        acme_client.get(f"/s/{link.token}/")
        acme_client.get(f"/s/{link.token}/")
    assert PointEvent.objects.filter(member=world.member, action=Action.SHARE).count() == 2


def test_a_deactivated_members_link_earns_nothing(world, acme_client):
    link = share_link_for(job=world.job, member=world.member)
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    acme_client.get(f"/s/{link.token}/")
    assert not PointEvent.objects.exists()
