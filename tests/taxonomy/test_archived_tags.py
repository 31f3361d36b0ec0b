"""An archived tag is offered nowhere a new choice is made: onboarding and preferences, the job
board's filter, the job and template forms, the audience editor and matching, contests, the
invitation's location names. What already carries it keeps it."""

import pytest
from django.urls import reverse

from coopt.audit.actors import Actor
from coopt.diffusion import audience
from coopt.diffusion.audience import AudienceSpec
from coopt.jobs.services import job_update
from coopt.taxonomy.models import Tag
from coopt.taxonomy.services import tag_set_archived

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags(world: World) -> dict[str, Tag]:
    """Lyon (on the job), Paris and Sales stay; Nantes, Old sales, Old retail are archived."""
    found = {
        "lyon": Tag.objects.get(tenant=world.acme, name="Lyon"),
        "paris": f.make_tag(world.acme, "Paris"),
        "sales": f.make_tag(world.acme, "Sales", Tag.Kind.FAMILY),
        "retail": f.make_tag(world.acme, "Retail", Tag.Kind.SECTOR),
        "nantes": f.make_tag(world.acme, "Nantes"),
        "old_sales": f.make_tag(world.acme, "Old sales", Tag.Kind.FAMILY),
        "old_retail": f.make_tag(world.acme, "Old retail", Tag.Kind.SECTOR),
    }
    for name in ("nantes", "old_sales", "old_retail"):
        tag_set_archived(tag=found[name], archived=True, actor=Actor.system())
    return found


def names(queryset) -> set[str]:
    return {tag.name for tag in queryset}


def test_onboarding_offers_only_active_tags(world, tags):
    newcomer = f.make_member(world.acme, email="newcomer@acme.test", onboarded=False)
    response = world.client_for(newcomer).get(reverse("accounts:onboarding"))
    fields = response.context["form"].fields
    assert names(fields["locations"].queryset) == {"Lyon", "Paris"}
    assert names(fields["families"].queryset) == {"Sales"}
    assert names(fields["sectors"].queryset) == {"Retail"}
    assert "Nantes" not in response.content.decode()
    refused = world.client_for(newcomer).post(
        reverse("accounts:onboarding"),
        {
            "locations": [tags["nantes"].pk],
            "families": [tags["sales"].pk],
            "sectors": [tags["retail"].pk],
            "language": "en",
            "digest_frequency": "weekly",
        },
    )
    assert refused.status_code == 200
    assert not newcomer.interests.exists()


def test_the_board_filter_offers_only_active_tags(world, tags):
    response = world.client_for(world.member).get(reverse("jobs:board"))
    assert names(response.context["form"].fields["tag"].queryset) == {
        "Lyon",
        "Paris",
        "Sales",
        "Retail",
    }
    assert "Old sales" not in response.content.decode()


def test_the_job_form_offers_only_active_tags(world, tags):
    response = world.client_for(world.recruiter).get(reverse("backoffice:job_create"))
    fields = response.context["form"].fields
    assert names(fields["locations"].queryset) == {"Lyon", "Paris"}
    assert names(fields["job_family"].queryset) == {"Sales"}
    assert names(fields["sector"].queryset) == {"Retail"}


def test_a_job_that_carries_an_archived_tag_keeps_it_when_edited(world, tags):
    job_update(job=world.job, locations=[tags["nantes"]], job_family=tags["old_sales"])
    client = world.client_for(world.recruiter)
    url = reverse("backoffice:job_edit", args=[world.job.pk])
    fields = client.get(url).context["form"].fields
    assert names(fields["locations"].queryset) == {"Lyon", "Paris", "Nantes"}
    assert names(fields["job_family"].queryset) == {"Sales", "Old sales"}
    assert "Old retail" not in names(fields["sector"].queryset)


def test_the_template_form_offers_only_active_tags(world, tags):
    response = world.client_for(world.recruiter).get(reverse("backoffice:template_create"))
    assert names(response.context["form"].fields["job_family"].queryset) == {"Sales"}


def test_the_audience_editor_offers_only_active_tags(world, tags):
    response = world.client_for(world.recruiter).get(
        reverse("diffusion:editor", args=[world.job.pk])
    )
    offered = {
        choice.tag.name
        for group in response.context["form"].tag_groups()
        for choice in group.choices
    }
    assert offered == {"Lyon", "Paris", "Sales", "Retail"}


def test_matching_leaves_archived_tags_out(world, tags):
    job_update(job=world.job, locations=[tags["lyon"], tags["nantes"]])
    spec = AudienceSpec(add_tags=[tags["old_sales"].pk, tags["paris"].pk])
    assert names(audience.matched_tags(job=world.job, spec=spec).values()) == {"Lyon", "Paris"}


def test_a_contest_offers_only_active_families(world, tags):
    response = world.client_for(world.admin).get(reverse("gamification:office_contest_new"))
    assert names(response.context["form"].fields["job_family"].queryset) == {"Sales"}


def test_the_invitation_suggests_only_active_locations(world, tags):
    response = world.client_for(world.admin).get(reverse("backoffice:member_invite"))
    assert set(response.context["location_names"]) == {"Lyon", "Paris"}
