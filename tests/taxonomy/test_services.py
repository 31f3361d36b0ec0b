"""The taxonomy's writes: create, rename and translate, merge, archive; each in the audit log."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from coopt.accounts.services import membership_onboard
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.diffusion import sends
from coopt.diffusion.audience import AudienceSpec
from coopt.gamification.services import contest_create
from coopt.jobs.models import Job
from coopt.jobs.services import job_template_save, job_update
from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import active_tags, tag_references
from coopt.taxonomy.services import (
    TagChangeRefused,
    tag_create,
    tag_merge,
    tag_set_archived,
    tag_update,
)

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db


def actor(world: World) -> Actor:
    return Actor.member(world.admin)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_an_admin_creates_a_location_with_its_country_and_translations(world):
    tag = tag_create(
        tenant=world.acme,
        kind=Tag.Kind.LOCATION,
        name=" Munich ",
        translations={"de": "München", "fr": "", "xx": "Nope"},
        country="DE",
        actor=actor(world),
    )
    assert (tag.name, tag.translations, str(tag.country)) == ("Munich", {"de": "München"}, "DE")
    [event] = events(AuditEvent.Action.TAG_CREATED)
    assert (event.tenant_id, event.actor_id, event.target) == (
        world.acme.pk,
        world.admin.user_id,
        f"tag:{tag.pk}",
    )


def test_a_family_or_sector_has_no_country(world):
    tag = tag_create(
        tenant=world.acme, kind=Tag.Kind.SECTOR, name="Retail", country="FR", actor=actor(world)
    )
    assert not tag.country


def test_a_name_is_unique_in_its_list_whatever_its_case(world):
    with pytest.raises(TagChangeRefused) as refused:
        tag_create(tenant=world.acme, kind=Tag.Kind.LOCATION, name="lyon", actor=actor(world))
    assert refused.value.field == "name"
    # Another list, or another tenant, may use the name.
    tag_create(tenant=world.acme, kind=Tag.Kind.FAMILY, name="Lyon", actor=actor(world))
    tag_create(tenant=world.globex, kind=Tag.Kind.LOCATION, name="Lyon", actor=actor(world))


def test_renaming_and_translating_keeps_the_jobs_and_records_what_changed(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    tag_update(
        tag=lyon, name="Lyon Part-Dieu", translations={"de": "Lyon Part-Dieu"}, actor=actor(world)
    )
    lyon.refresh_from_db()
    assert lyon.name == "Lyon Part-Dieu" and lyon.translations == {}  # same as the name: dropped
    tag_update(tag=lyon, name="Lyon Part-Dieu", translations={"it": "Lione"}, actor=actor(world))
    assert list(world.job.locations.all()) == [lyon]
    changes = [e.details["fields"] for e in events(AuditEvent.Action.TAG_CHANGED)]
    assert sorted(map(sorted, changes)) == [["name"], ["translations"]]
    with pytest.raises(TagChangeRefused):
        tag_update(tag=f.make_tag(world.acme, "Paris"), name="LYON PART-DIEU", actor=actor(world))


def test_the_label_is_the_name_in_the_active_language(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    tag_update(tag=lyon, name="Lyon", translations={"it": "Lione"}, actor=actor(world))
    with translation.override("it"):
        assert (lyon.label, str(lyon)) == ("Lione", "Lione")
    with translation.override("de"):
        assert str(lyon) == "Lyon"


@pytest.fixture
def paris_twice(world: World) -> tuple[Tag, Tag]:
    """ "Paris" and a duplicate "Paris (75)": jobs, members, templates, a contest, a send."""
    paris = f.make_tag(world.acme, "Paris")
    duplicate = f.make_tag(world.acme, "Paris (75)")
    f.make_job(world.acme, title="Both", locations=[paris, duplicate])
    f.make_job(world.acme, title="Duplicate only", locations=[duplicate])
    sales = f.make_tag(world.acme, "Sales", Tag.Kind.FAMILY)
    retail = f.make_tag(world.acme, "Retail", Tag.Kind.SECTOR)
    membership_onboard(
        membership=world.member,
        interests=[paris, duplicate, sales, retail],
        language="en",
        notify_targeted=True,
        digest_frequency="weekly",
    )
    membership_onboard(
        membership=world.expert,
        interests=[duplicate, sales, retail],
        language="en",
        notify_targeted=True,
        digest_frequency="weekly",
    )
    world.recruiter.location = duplicate
    world.recruiter.save(update_fields=["location"])
    sends.send_start(
        job=world.job, spec=AudienceSpec(add_tags=[duplicate.pk]), author=world.recruiter.user
    )
    return paris, duplicate


def counts(references: list) -> dict[str, int]:
    return {ref.key: ref.count for ref in references}


def test_before_a_merge_every_reference_is_counted(world, paris_twice):
    paris, duplicate = paris_twice
    assert counts(tag_references(duplicate)) == {
        "accounts.membership.interests": 2,
        "accounts.membership.location": 1,
        "jobs.job.locations": 2,
        "diffusion.send.audience": 1,
    }


def test_a_merge_moves_everything_without_duplicates_and_deletes_the_tag(world, paris_twice):
    paris, duplicate = paris_twice
    duplicate_id = duplicate.pk
    result = tag_merge(source=duplicate, target=paris, actor=actor(world))

    assert not Tag.objects.filter(pk=duplicate_id).exists()
    assert result.duplicates == 2  # the member followed both, one job carried both
    assert counts(result.moved)["accounts.membership.interests"] == 2
    for membership in (world.member, world.expert):
        interests = list(membership.interests.values_list("name", flat=True))
        assert interests.count("Paris") == 1 and "Paris (75)" not in interests
    assert [list(job.locations.all()) for job in Job.objects.filter(title__in=["Both"])] == [
        [paris]
    ]
    assert list(Job.objects.get(title="Duplicate only").locations.all()) == [paris]
    world.recruiter.refresh_from_db()
    assert world.recruiter.location == paris
    [send] = world.job.sends.all()
    assert send.audience["add_tags"] == [paris.pk]
    [event] = events(AuditEvent.Action.TAG_MERGED)
    assert event.target == f"tag:{paris.pk}"
    assert event.details["merged"] == duplicate_id
    assert event.details["moved"]["jobs.job.locations"] == 2


def test_a_merge_moves_families_on_jobs_templates_and_contests(world):
    sales = f.make_tag(world.acme, "Sales", Tag.Kind.FAMILY)
    selling = f.make_tag(world.acme, "Selling", Tag.Kind.FAMILY)
    job_update(job=world.job, job_family=selling)
    template = job_template_save(tenant=world.acme, name="T", title="Rep", job_family=selling)
    contest = contest_create(
        tenant=world.acme,
        title="Sprint",
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(days=30),
        criterion="confirmed",
        job_family=selling,
        prize="Cake",
        author=world.admin,
    )
    tag_merge(source=selling, target=sales, actor=actor(world))
    for row in (world.job, template, contest):
        row.refresh_from_db()
        assert row.job_family == sales


def test_only_tags_of_one_list_and_one_tenant_merge(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    sales = f.make_tag(world.acme, "Sales", Tag.Kind.FAMILY)
    berlin = f.make_tag(world.globex, "Berlin")
    for target in (sales, berlin, lyon):
        with pytest.raises(TagChangeRefused):
            tag_merge(source=lyon, target=target, actor=actor(world))
    assert Tag.objects.filter(pk=lyon.pk).exists()
    assert not events(AuditEvent.Action.TAG_MERGED)


def test_an_archived_tag_is_no_longer_active_and_can_be_restored(world):
    lyon = Tag.objects.get(tenant=world.acme, name="Lyon")
    tag_set_archived(tag=lyon, archived=True, actor=actor(world))
    assert lyon not in active_tags(world.acme)
    assert list(world.job.locations.all()) == [lyon]  # the job keeps it
    tag_set_archived(tag=lyon, archived=False, actor=actor(world))
    assert lyon in active_tags(world.acme)
    assert len(events(AuditEvent.Action.TAG_ARCHIVED)) == 1
    assert len(events(AuditEvent.Action.TAG_UNARCHIVED)) == 1
