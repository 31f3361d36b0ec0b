"""The weekly cap (D6): admins set it, between 1 and 20, 3 until they do."""

import pytest
from django.urls import reverse

from coopt.audit.models import AuditEvent
from coopt.diffusion.cap import weekly_cap_of
from coopt.diffusion.models import DiffusionSettings

pytestmark = pytest.mark.django_db

URL = reverse("diffusion:settings")


def test_an_admin_sees_the_default_cap_and_its_help(world):
    response = world.client_for(world.admin).get(URL)
    assert response.status_code == 200
    assert response.context["form"]["weekly_cap"].value() == 3
    html = response.content.decode()
    assert "Targeted e-mails and digests together." in html
    assert not DiffusionSettings.objects.exists()  # nothing saved by looking


def test_an_admin_sets_the_cap(world):
    response = world.client_for(world.admin).post(URL, {"weekly_cap": "5"})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert weekly_cap_of(tenant=world.acme) == 5
    assert weekly_cap_of(tenant=world.globex) == 3
    event = AuditEvent.objects.get(tenant=world.acme, action="settings_changed")
    assert event.details["section"] == "diffusion"


def test_changing_it_again_updates_the_same_row(world):
    client = world.client_for(world.admin)
    client.post(URL, {"weekly_cap": "5"})
    client.post(URL, {"weekly_cap": "1"})
    assert list(DiffusionSettings.objects.values_list("tenant", "weekly_cap")) == [
        (world.acme.pk, 1)
    ]


@pytest.mark.parametrize("value", ["0", "21", "-1", "three", ""])
def test_a_cap_out_of_range_is_refused(world, value):
    response = world.client_for(world.admin).post(URL, {"weekly_cap": value})
    assert response.status_code == 200
    assert response.context["form"].errors["weekly_cap"]
    assert weekly_cap_of(tenant=world.acme) == 3


def test_the_sends_page_states_the_cap_and_links_admins_to_it(world):
    DiffusionSettings.objects.create(tenant=world.acme, weekly_cap=1)
    admin_page = world.client_for(world.admin).get(reverse("diffusion:sends")).content.decode()
    assert "Each member receives at most 1 job e-mail a week" in admin_page
    assert URL in admin_page
    recruiter_page = world.client_for(world.recruiter).get(reverse("diffusion:sends"))
    assert URL not in recruiter_page.content.decode()


@pytest.mark.parametrize("persona", ["recruiter", "member", "expert"])
def test_other_roles_get_403(world, persona):
    client = world.client_for(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"weekly_cap": "9"}).status_code == 403
    assert weekly_cap_of(tenant=world.acme) == 3


def test_anonymous_visitors_are_sent_to_sign_in(world, acme_client):
    response = acme_client.post(URL, {"weekly_cap": "9"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert weekly_cap_of(tenant=world.acme) == 3


def test_another_tenants_admin_changes_only_their_own_cap(world):
    world.client_for(world.outsider).post(URL, {"weekly_cap": "7"})
    assert weekly_cap_of(tenant=world.globex) == 7
    assert weekly_cap_of(tenant=world.acme) == 3
