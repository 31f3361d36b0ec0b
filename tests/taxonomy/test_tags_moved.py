"""Tags moved from the jobs app to their own: same table, same rows, same links."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.taxonomy.models import Tag


@pytest.mark.django_db(transaction=True)
def test_tags_keep_their_rows_and_links_across_the_move(world):
    executor = MigrationExecutor(connection)
    before = [("taxonomy", None)]  # tags still in the jobs app
    executor.migrate(before)
    old_apps = executor.loader.project_state(
        [("accounts", "0003_interests_by_tag_with_member"), ("jobs", "0001_initial")]
    ).apps
    OldTag = old_apps.get_model("jobs", "Tag")
    sector = OldTag.objects.create(tenant_id=world.acme.pk, kind="sector", name="Retail")
    old_apps.get_model("jobs", "Job").objects.filter(pk=world.job.pk).update(sector_id=sector.pk)
    old_apps.get_model("accounts", "Membership").interests.through.objects.create(
        membership_id=world.member.pk, tag_id=sector.pk
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to where every test stands

    tag = Tag.objects.get(pk=sector.pk)
    assert (tag.tenant_id, tag.kind, tag.name) == (world.acme.pk, Tag.Kind.SECTOR, "Retail")
    assert Job.objects.get(pk=world.job.pk).sector == tag
    assert list(Membership.objects.get(pk=world.member.pk).interests.all()) == [tag]
    assert [job.pk for job in Job.objects.filter(sector=tag)] == [world.job.pk]


def test_the_tag_content_type_belongs_to_the_taxonomy_app(db):
    content_type = ContentType.objects.get_for_model(Tag)
    assert content_type.app_label == "taxonomy"
    assert not ContentType.objects.filter(app_label="jobs", model="tag").exists()
