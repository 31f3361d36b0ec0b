"""The audience editor (D1): the size, the exclusions and the sample follow each edit."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopt.accounts.models import Membership, User
from coopt.diffusion.models import Delivery
from coopt.gamification.models import MemberScore
from coopt.referrals.models import Referral, Status
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db


def editor_url(job: Any) -> str:
    return reverse("diffusion:editor", args=[job.pk])


def follow(tag: Tag, *members: Membership) -> None:
    for member in members:
        member.interests.add(tag)


def bulk_members(tenant: Any, count: int, *, tag: Tag, prefix: str = "bulk") -> list[Membership]:
    """``count`` active members following ``tag``, written in a few queries."""
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n}@{tenant.slug}.test", first_name="Bulk", last_name=f"N{n}")
        for n in range(count)
    )
    members = Membership.objects.bulk_create(Membership(tenant=tenant, user=user) for user in users)
    Membership.interests.through.objects.bulk_create(
        Membership.interests.through(membership_id=member.pk, tag_id=tag.pk) for member in members
    )
    return members


def edit(world: Any, job: Any, *, htmx: bool = True, **data: Any) -> Any:
    """The editor as an htmx live update (or a plain GET) with the form's values."""
    client = world.client_for(world.recruiter)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.get(editor_url(job), {"edited": "1", **data}, headers=headers)


def size_of(response: Any) -> int:
    return int(response.context["counts"].size)


@pytest.fixture
def tags(world: World) -> dict[str, Tag]:
    return {
        "lyon": Tag.objects.get(tenant=world.acme, name="Lyon"),
        "paris": f.make_tag(world.acme, "Paris"),
        "sales": f.make_tag(world.acme, "Sales", kind=Tag.Kind.FAMILY),
    }


@pytest.fixture
def audience(world: World, tags: dict[str, Tag]) -> dict[str, Any]:
    """member and expert follow Lyon (the job's tag); a Paris follower; a sales team."""
    follow(tags["lyon"], world.member, world.expert)
    parisian = f.make_member(world.acme, email="parisian@acme.test")
    follow(tags["paris"], parisian)
    team = f.make_department(world.acme, "Sales team")
    seller = f.make_member(world.acme, email="seller@acme.test")
    seller.department = team
    seller.save()
    return {"parisian": parisian, "team": team, "seller": seller}


def test_the_editor_shows_the_default_audience_with_its_reasons(world, tags, audience):
    MemberScore.objects.create(tenant=world.acme, member=world.expert, points=400)
    response = world.client_for(world.recruiter).get(editor_url(world.job))
    assert response.status_code == 200
    assert size_of(response) == 2
    html = response.content.decode()
    assert 'data-testid="audience-size">2<' in html
    rows = response.context["sample"]
    assert [row.member for row, _level in rows] == [world.expert, world.member]
    assert rows[0][1] == "Expert"
    assert rows[0][0].followed == ["Lyon"]
    assert world.expert.user.email in html
    assert "Everyone in the audience, best first" in html
    # The job's own tag is ticked and marked; the other tags are offered.
    assert 'value="{}" checked'.format(tags["lyon"].pk) in html
    assert 'value="{}">'.format(tags["paris"].pk) in html
    assert "this job" in html


def test_a_live_update_answers_with_the_fragment_only(world, tags, audience):
    response = edit(world, world.job, tags=[tags["lyon"].pk])
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "diffusion/office/_audience.html"
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="errors-add_emails"' in html and 'hx-swap-oob="true"' in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_ticking_a_tag_widens_the_audience(world, tags, audience):
    response = edit(world, world.job, tags=[tags["lyon"].pk, tags["paris"].pk])
    assert size_of(response) == 3
    assert "Paris" in response.content.decode()


def test_unticking_the_jobs_own_tag_narrows_it_to_nobody(world, tags, audience):
    response = edit(world, world.job)  # no tag ticked at all
    assert size_of(response) == 0
    html = response.content.decode()
    assert 'data-testid="audience-empty"' in html
    assert "Add tags or departments, or add people by e-mail." in html
    assert 'data-testid="review-send"' not in html


def test_adding_a_department_brings_its_members_in(world, tags, audience):
    response = edit(world, world.job, tags=[tags["lyon"].pk], add_departments=[audience["team"].pk])
    assert size_of(response) == 3
    seller = next(row for row, _l in response.context["sample"] if row.member == audience["seller"])
    assert seller.by_department
    assert "added with their department" in response.content.decode()


def test_leaving_out_a_department_takes_its_members_out(world, tags, audience):
    team = audience["team"]
    world.member.department = team
    world.member.save()
    response = edit(world, world.job, tags=[tags["lyon"].pk], remove_departments=[team.pk])
    assert size_of(response) == 1


def test_a_department_cannot_be_both_added_and_left_out(world, tags, audience):
    team = audience["team"].pk
    response = edit(
        world, world.job, tags=[tags["lyon"].pk], add_departments=[team], remove_departments=[team]
    )
    assert "A department cannot be both added and left out." in response.content.decode()


def test_removing_a_person_by_email_takes_them_out(world, tags, audience):
    pasted = f"  {world.member.user.email.upper()}  \n\n"
    response = edit(world, world.job, tags=[tags["lyon"].pk], remove_emails=pasted)
    assert size_of(response) == 1
    assert [row.member for row, _l in response.context["sample"]] == [world.expert]


def test_adding_a_person_by_email_brings_them_in_by_hand(world, tags, audience):
    response = edit(
        world, world.job, tags=[tags["lyon"].pk], add_emails=audience["parisian"].user.email
    )
    assert size_of(response) == 3
    assert "added by hand" in response.content.decode()


def test_unknown_addresses_are_named_and_nothing_is_lost(world, tags, audience):
    known, other_tenant = audience["parisian"].user.email, world.outsider_member.user.email
    pasted = f"nobody@nowhere.test\n{known}\n{other_tenant}"
    response = edit(world, world.job, htmx=False, tags=[tags["lyon"].pk], add_emails=pasted)
    html = response.content.decode()
    assert "No member of Acme has these addresses: nobody@nowhere.test, member@globex.test." in html
    # The known address still counts, and the textarea keeps every line.
    assert size_of(response) == 3
    assert "nobody@nowhere.test\nparisian@acme.test\nmember@globex.test</textarea>" in html


def test_the_error_reaches_its_field_during_a_live_update(world, tags, audience):
    response = edit(world, world.job, tags=[tags["lyon"].pk], remove_emails="ghost@acme.test")
    html = response.content.decode()
    slot = html[html.index('id="errors-remove_emails"') :]
    assert "No member of Acme has this address: ghost@acme.test." in slot.split("</div>")[0]


def test_the_three_fixed_rules_are_shown_apart(world, tags, audience):
    opted_out = f.make_member(world.acme, email="quiet@acme.test")
    opted_out.notify_targeted = False
    opted_out.save()
    gone = f.make_member(world.acme, email="gone@acme.test")
    gone.is_active = False
    gone.save()
    follow(tags["lyon"], opted_out, gone)
    Delivery.objects.create(tenant=world.acme, job=world.job, member=world.member)
    response = world.client_for(world.recruiter).get(editor_url(world.job))
    counts = response.context["counts"]
    assert (counts.size, counts.opted_out, counts.inactive, counts.already_sent) == (1, 1, 1, 1)
    text = " ".join(response.content.decode().split())
    assert "1 opted out of job e-mails · 1 inactive · 1 already received this job" in text


def test_past_successes_are_named_with_the_family(world, tags):
    job = f.make_job(world.acme, title="Sales lead", job_family=tags["sales"])
    older = f.make_job(world.acme, title="Older sales job", job_family=tags["sales"])
    for n in range(2):
        referral = f.refer(referrer=world.member, job=older, email=f"c{n}@example.org")
        Referral.objects.filter(pk=referral.pk).update(status=Status.HIRED)
    response = world.client_for(world.recruiter).get(editor_url(job))
    assert size_of(response) == 1
    assert "2 past successes in Sales" in response.content.decode()


def test_the_sample_says_when_it_shows_only_the_best(world, tags):
    bulk_members(world.acme, 101, tag=tags["lyon"])
    response = world.client_for(world.recruiter).get(editor_url(world.job))
    assert size_of(response) == 101
    assert len(response.context["sample"]) == 100
    assert "The 100 best of 101, and why they are in the audience." in response.content.decode()


def test_a_job_that_is_not_published_cannot_be_sent(world):
    draft = f.make_job(world.acme, title="Not yet", published=False)
    response = world.client_for(world.recruiter).get(editor_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only a published job can be sent to members" in html
    assert 'id="audience-form"' not in html
    posted = world.client_for(world.recruiter).post(editor_url(draft), {"edited": "1"})
    assert 'id="audience-form"' not in posted.content.decode()


def test_a_live_update_costs_the_same_queries_for_5_or_40_members(
    world, tags, django_assert_max_num_queries
):
    f.make_department(world.acme, "Sales team")
    client = world.client_for(world.recruiter)
    data = {"edited": "1", "tags": [tags["lyon"].pk], "add_emails": world.admin.user.email}

    def live_update() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(editor_url(world.job), data, headers={"HX-Request": "true"})
        return size_of(response), len(queries)

    bulk_members(world.acme, 5, tag=tags["lyon"], prefix="few")
    live_update()  # the first request of a session reads a little more
    few = live_update()
    bulk_members(world.acme, 35, tag=tags["lyon"], prefix="more")
    # 7 for the request itself (host, session, user, membership, two-factor, tenant, unread
    # notifications); the job and its locations, the tags, the departments, the pasted
    # e-mails; the audience's six; the level names.
    with django_assert_max_num_queries(19):
        many = live_update()
    assert (few[0], many[0]) == (6, 41)
    assert many[1] == few[1]


def test_another_tenants_tags_and_departments_are_refused(world, tags, audience):
    globex_tag = f.make_tag(world.globex, "Lyon")
    globex_team = f.make_department(world.globex, "Sales team")
    response = edit(
        world,
        world.job,
        tags=[tags["lyon"].pk, globex_tag.pk],
        add_departments=[globex_team.pk],
    )
    form = response.context["form"]
    assert form.errors["tags"] and form.errors["add_departments"]
    spec = form.spec()
    assert (spec.add_tags, spec.add_departments) == ([], [])
    assert size_of(response) == 2
