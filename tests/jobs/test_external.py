"""The upsert every job source shares (J3): by external id, never a duplicate, only what
changed, closing what the source dropped, names mapped to the tenant's tags."""

import datetime

import pytest

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.jobs.external import (
    CLOSED_MISSING,
    DUPLICATE_ID,
    NO_ID,
    NO_TITLE,
    SALARY_RANGE,
    UNKNOWN_CONTRACT_TYPE,
    JobRecord,
    UpsertReport,
    jobs_upsert,
    rejection_label,
)
from coopt.jobs.models import ExternalTagMapping, Job
from coopt.taxonomy.models import Tag
from coopt.taxonomy.services import tag_merge

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("job_feed")


def _records() -> list[JobRecord]:
    return [
        JobRecord(
            external_id="A1",
            title="Baker",
            description="<p>Early <script>alert(1)</script>mornings.</p>",
            locations=("Lyon",),
            job_family="Production",
            contract_type="permanent",
            salary_min=30000,
            salary_max=36000,
            salary_currency="eur",
            closes_on=datetime.date(2030, 6, 30),
        ),
        JobRecord(external_id="A2", title="Store manager", locations=("Paris", " lyon ")),
    ]


def _upsert(
    world: World,
    records: list[JobRecord],
    *,
    close_missing: bool = True,
    publish_new: bool | None = None,
) -> UpsertReport:
    return jobs_upsert(
        tenant=world.acme,
        source_prefix="feed7",
        records=records,
        close_missing=close_missing,
        actor=SYSTEM,
        publish_new=publish_new,
    )


def test_new_records_are_published_jobs_with_their_tags_and_a_clean_description(world: World):
    f.make_tag(world.acme, "Production", Tag.Kind.FAMILY)

    report = jobs_upsert(
        tenant=world.acme,
        source_prefix="feed7",
        records=_records(),
        close_missing=True,
        actor=Actor.member(world.admin),
    )

    assert (report.created, report.updated, report.closed, report.unchanged) == (2, 0, 0, 0)
    baker = Job.objects.get(tenant=world.acme, external_id="feed7:A1")
    assert baker.status == Job.Status.PUBLISHED and baker.published_at is not None
    assert "script" not in baker.description and "mornings" in baker.description
    assert baker.job_family is not None and baker.job_family.name == "Production"
    assert [tag.name for tag in baker.locations.all()] == ["Lyon"]
    assert baker.salary_currency == "EUR"
    assert baker.closes_on == datetime.date(2030, 6, 30)
    assert baker.created_by_id == world.admin.user_id
    manager = Job.objects.get(tenant=world.acme, external_id="feed7:A2")
    assert [tag.name for tag in manager.locations.all()] == ["Lyon"]
    assert manager.created_by_id == world.admin.user_id


def test_a_second_identical_run_changes_nothing(world: World):
    _upsert(world, _records())
    before = list(Job.objects.filter(tenant=world.acme).values_list("pk", "updated_at"))

    report = _upsert(world, _records())

    assert (report.created, report.updated, report.closed, report.unchanged) == (0, 0, 0, 2)
    assert list(Job.objects.filter(tenant=world.acme).values_list("pk", "updated_at")) == before
    assert Job.objects.filter(tenant=world.acme, external_id__startswith="feed7:").count() == 2


def test_a_changed_record_updates_its_job_only(world: World):
    _upsert(world, _records())
    changed = [_records()[0], JobRecord(external_id="A2", title="Shop manager")]

    report = _upsert(world, changed)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    manager = Job.objects.get(tenant=world.acme, external_id="feed7:A2")
    assert manager.title == "Shop manager"
    assert not manager.locations.exists()


def test_jobs_the_source_no_longer_lists_are_closed_and_audited(world: World):
    _upsert(world, _records())

    report = _upsert(world, _records()[:1])

    assert report.closed == 1
    gone = Job.objects.get(tenant=world.acme, external_id="feed7:A2")
    assert gone.status == Job.Status.CLOSED
    event = AuditEvent.objects.get(action=AuditEvent.Action.JOB_CLOSED, target=f"job:{gone.pk}")
    assert event.details["reason"] == CLOSED_MISSING
    world.job.refresh_from_db()  # not of this source: untouched
    assert world.job.status == Job.Status.PUBLISHED


def test_without_close_missing_nothing_is_closed_and_a_listed_again_job_reopens(world: World):
    _upsert(world, _records())
    assert _upsert(world, _records()[:1], close_missing=False).closed == 0
    _upsert(world, _records()[:1])

    report = _upsert(world, _records())

    assert report.updated == 1
    job = Job.objects.get(tenant=world.acme, external_id="feed7:A2")
    assert job.status == Job.Status.PUBLISHED


def test_another_sources_jobs_are_left_alone(world: World):
    _upsert(world, _records())
    jobs_upsert(
        tenant=world.acme, source_prefix="ats", records=[], close_missing=True, actor=SYSTEM
    )
    assert Job.objects.filter(tenant=world.acme, status=Job.Status.PUBLISHED).count() == 3


def test_new_jobs_can_arrive_as_drafts(world: World):
    _upsert(world, _records(), publish_new=False)
    assert set(
        Job.objects.filter(external_id__startswith="feed7:").values_list("status", flat=True)
    ) == {Job.Status.DRAFT}


def test_unknown_names_are_listed_kept_for_mapping_and_used_once_mapped(world: World):
    report = _upsert(world, _records())

    assert report.unknown_tags == [("family", "Production"), ("location", "Paris")]
    unmapped = ExternalTagMapping.objects.filter(tenant=world.acme, tag=None)
    assert {(m.kind, m.external_name) for m in unmapped} == set(report.unknown_tags)
    baker = Job.objects.get(external_id="feed7:A1")
    assert baker.job_family is None

    paris = f.make_tag(world.acme, "Paris (HQ)")
    ExternalTagMapping.objects.filter(tenant=world.acme, key="paris").update(tag=paris)
    again = _upsert(world, _records())

    assert again.unknown_tags == [("family", "Production")]
    assert again.updated == 1
    manager = Job.objects.get(external_id="feed7:A2")
    assert {tag.name for tag in manager.locations.all()} == {"Lyon", "Paris (HQ)"}
    assert ExternalTagMapping.objects.filter(tenant=world.acme).count() == 2


def test_invalid_records_are_rejected_with_their_reasons(world: World):
    records = [
        JobRecord(external_id="", title="No id"),
        JobRecord(external_id="B1", title="  "),
        JobRecord(external_id="B2", title="Driver"),
        JobRecord(external_id="B2", title="Driver again"),
        JobRecord(external_id="B3", title="Cook", contract_type="gig"),
        JobRecord(external_id="B4", title="Chef", salary_min=50, salary_max=10),
    ]

    report = _upsert(world, records)

    assert report.created == 1
    assert report.rejected == [
        ("", NO_ID),
        ("B1", NO_TITLE),
        ("B2", DUPLICATE_ID),
        ("B3", UNKNOWN_CONTRACT_TYPE),
        ("B4", SALARY_RANGE),
    ]
    assert Job.objects.get(external_id="feed7:B2").title == "Driver"
    assert rejection_label(NO_TITLE) == "no title"


def test_a_rejected_record_does_not_close_its_job(world: World):
    _upsert(world, _records())
    report = _upsert(world, [_records()[0], JobRecord(external_id="A2", title="")])
    assert report.closed == 0
    assert Job.objects.get(external_id="feed7:A2").status == Job.Status.PUBLISHED


def test_the_same_ids_in_two_tenants_are_two_jobs(world: World):
    _upsert(world, _records())
    jobs_upsert(
        tenant=world.globex,
        source_prefix="feed7",
        records=_records(),
        close_missing=True,
        actor=SYSTEM,
    )
    assert Job.objects.filter(external_id="feed7:A1").count() == 2
    assert not ExternalTagMapping.objects.filter(tenant=world.globex, tag__tenant=world.acme)


def test_a_tag_merge_moves_the_names_mapped_to_it(world: World):
    _upsert(world, _records())
    paris = f.make_tag(world.acme, "Paris (old)")
    hq = f.make_tag(world.acme, "Paris HQ")
    ExternalTagMapping.objects.filter(tenant=world.acme, key="paris").update(tag=paris)

    tag_merge(source=paris, target=hq, actor=Actor.member(world.admin))

    assert ExternalTagMapping.objects.get(tenant=world.acme, key="paris").tag == hq
