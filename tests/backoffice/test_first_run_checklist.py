"""The first-run checklist on the back office home: what a new company's admin still has to
set up, ticked from the data, gone once everything is done, for admins only."""

from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from coopt.accounts.models import Membership
from coopt.accounts.services import member_invite
from coopt.audit.actors import Actor
from coopt.backoffice.selectors import first_run_checklist
from coopt.clients.services import client_save
from coopt.jobs.services import job_set_status
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World
from ..rewards.helpers import set_rule

pytestmark = pytest.mark.django_db

STEPS = ["brand", "taxonomy", "reward", "job", "members", "invitations"]


@pytest.fixture
def initech(world: World) -> Tenant:
    """A company just created, beside acme and globex, which are set up."""
    return f.make_tenant("initech", "Initech")


@pytest.fixture
def initech_admin(initech: Tenant) -> Membership:
    return f.make_member(initech, email="admin@initech.test", is_admin=True, invited_at=None)


def done(tenant: Tenant) -> dict[str, bool]:
    return {
        step.key: step.done
        for step in first_run_checklist(tenant=Tenant.objects.get(pk=tenant.pk)).steps
    }


def set_up_brand(tenant: Tenant) -> None:
    tenant.logo.save("initech-logo.png", ContentFile(b"png"))


def set_up_taxonomy(tenant: Tenant) -> None:
    f.make_tag(tenant, "Paris")
    f.make_tag(tenant, "Sales", kind=Tag.Kind.FAMILY)


def set_up_reward(tenant: Tenant) -> None:
    set_rule(tenant)


def set_up_job(tenant: Tenant) -> None:
    f.make_job(tenant, title="First job")


def set_up_members(tenant: Tenant) -> None:
    f.make_member(tenant, email=f"someone@{tenant.slug}.test")


def set_up_invitations(tenant: Tenant) -> None:
    member_invite(membership=f.make_member(tenant, email=f"invited@{tenant.slug}.test"))


SET_UP: dict[str, Callable[[Tenant], None]] = {
    "brand": set_up_brand,
    "taxonomy": set_up_taxonomy,
    "reward": set_up_reward,
    "job": set_up_job,
    "members": set_up_members,
    "invitations": set_up_invitations,
}


def test_a_new_company_has_every_step_to_do(initech, initech_admin):
    assert done(initech) == dict.fromkeys(STEPS, False)


@pytest.mark.parametrize("step", STEPS)
def test_each_step_ticks_itself_once_done(initech, initech_admin, step):
    SET_UP[step](initech)
    ticked = {key for key, value in done(initech).items() if value}
    # Inviting someone adds a member too; nothing else ticks another step.
    assert ticked == ({"members", "invitations"} if step == "invitations" else {step})


def test_colours_of_its_own_brand_the_company_as_a_logo_does(initech, initech_admin):
    initech.primary_colour = "#aa0000"
    initech.save(update_fields=["primary_colour"])
    assert done(initech)["brand"]


def test_a_location_without_a_job_family_is_not_enough(initech, initech_admin):
    f.make_tag(initech, "Paris")
    assert not done(initech)["taxonomy"]


def test_a_job_published_once_counts_even_closed_but_a_draft_does_not(initech, initech_admin):
    draft = f.make_job(initech, published=False)
    assert not done(initech)["job"]
    job_set_status(job=draft, status="published")
    job_set_status(job=draft, status="closed")
    assert done(initech)["job"]


def test_admins_alone_are_not_members(initech, initech_admin):
    f.make_member(initech, email="second-admin@initech.test", is_admin=True)
    assert not done(initech)["members"]
    member_invite(membership=initech_admin)
    assert not done(initech)["invitations"]


def test_another_companys_data_does_not_count(world, initech, initech_admin):
    for set_up in SET_UP.values():
        set_up(world.globex)
    assert done(initech) == dict.fromkeys(STEPS, False)


def test_the_checklist_is_read_in_one_query(initech, initech_admin):
    tenant = Tenant.objects.get(pk=initech.pk)
    for set_up in SET_UP.values():
        set_up(initech)
    with CaptureQueriesContext(connection) as queries:
        checklist = first_run_checklist(tenant=tenant)
        assert checklist.complete and checklist.done_count == 6
    assert len(queries) == 1


def test_the_admin_sees_the_steps_with_links_to_where_to_do_them(world, initech, initech_admin):
    set_up_reward(initech)
    response = world.client_for(initech_admin).get(reverse("backoffice:home"))
    html = response.content.decode()
    assert 'data-testid="checklist"' in html
    assert "0 of 6" not in html and "1 of 6 steps done." in html
    assert 'data-step="reward" data-done="true"' in html
    assert 'data-step="brand" data-done="false"' in html
    for name in ("backoffice:settings", "backoffice:job_create", "backoffice:member_import"):
        assert f'href="{reverse(name)}"' in html
    # A step done links nowhere.
    assert f'href="{reverse("rewards:default_rule")}"' not in html


def test_the_taxonomy_step_links_to_the_editor_only_once_it_exists(world, initech, initech_admin):
    html = world.client_for(initech_admin).get(reverse("backoffice:home")).content.decode()
    step = html.split('data-step="taxonomy"', 1)[1].split("</li>", 1)[0]
    try:
        editor = reverse("backoffice:taxonomy")
    except NoReverseMatch:
        assert "<a " not in step and "Add a location and a job family" in step
    else:
        assert f'href="{editor}"' in step


def test_the_checklist_is_gone_once_every_step_is_done(world, initech, initech_admin):
    for set_up in SET_UP.values():
        set_up(initech)
    response = world.client_for(initech_admin).get(reverse("backoffice:home"))
    assert response.status_code == 200
    assert 'data-testid="checklist"' not in response.content.decode()


def test_a_recruiter_does_not_see_it(world, initech):
    recruiter = f.make_member(initech, email="recruiter@initech.test", is_recruiter=True)
    response = world.client_for(recruiter).get(reverse("backoffice:home"))
    assert response.status_code == 200
    assert 'data-testid="checklist"' not in response.content.decode()


def test_an_admin_hides_the_list_for_good_and_only_for_themself(world, initech, initech_admin):
    other_admin = f.make_member(initech, email="second-admin@initech.test", is_admin=True)
    client = world.client_for(initech_admin)
    response = client.post(reverse("backoffice:checklist_dismiss"))
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:home")
    for _visit in range(2):
        html = client.get(reverse("backoffice:home")).content.decode()
        assert 'data-testid="checklist"' not in html
    other = world.client_for(other_admin).get(reverse("backoffice:home")).content.decode()
    assert 'data-testid="checklist"' in other


def test_a_recruiter_cannot_hide_the_list(world, initech, initech_admin):
    recruiter = f.make_member(initech, email="recruiter@initech.test", is_recruiter=True)
    response = world.client_for(recruiter).post(reverse("backoffice:checklist_dismiss"))
    assert response.status_code == 403
    recruiter.refresh_from_db()
    assert recruiter.checklist_dismissed_at is None


def test_hiding_the_list_on_another_companys_host_hides_nothing_here(world, initech_admin):
    # globex's admin posting on initech's host is signed out there, not served.
    response = world.client_for(world.outsider, host="initech.localhost").post(
        reverse("backoffice:checklist_dismiss")
    )
    assert response.status_code in (302, 403, 404)
    world.outsider.refresh_from_db()
    initech_admin.refresh_from_db()
    assert world.outsider.checklist_dismissed_at is None
    assert initech_admin.checklist_dismissed_at is None


def test_a_network_adds_a_client_company_before_its_first_job(initech, initech_admin):
    initech.mode = Tenant.Mode.NETWORK
    initech.save()
    steps = [step.key for step in first_run_checklist(tenant=initech).steps]
    assert steps == ["brand", "taxonomy", "reward", "client", "job", "members", "invitations"]
    assert done(initech)["client"] is False
    page = Client(HTTP_HOST="initech.localhost")
    page.force_login(initech_admin.user)
    link = f'href="{reverse("clients:create")}"'
    assert link in page.get(reverse("backoffice:home")).content.decode()
    client_save(tenant=initech, actor=Actor.system(), name="Chotchkie's")
    assert done(initech)["client"] is True
    assert link not in page.get(reverse("backoffice:home")).content.decode()  # done


def test_an_internal_company_has_no_client_step(initech, initech_admin):
    assert "client" not in done(initech)
