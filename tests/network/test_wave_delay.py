"""The delay between two waves of a send (D2) among the network's rules: an admin sets it
on the rules form, from 1 to 168 hours; a tenant without settings waits 24 hours."""

import pytest
from django.core.exceptions import ValidationError

from coopt.audit.models import AuditEvent
from coopt.network.models import NetworkSettings
from coopt.network.rules import network_rules_for, network_settings_save

from ..conftest import World
from .helpers import make_network

pytestmark = pytest.mark.django_db
RULES_URL = "/office/network/rules/"
ERROR = "Give a number of hours from 1 to 168 (one week)."


def rules(**fields: str) -> dict[str, str]:
    return {
        "sponsorships_per_month": "5",
        "one_candidate_per_job": "mode",
        "qualification_target_hours": "48",
        **fields,
    }


def test_the_default_is_a_day_between_two_waves(world: World) -> None:
    make_network(world)
    assert network_rules_for(tenant=world.acme).wave_delay_hours == 24
    page = world.client_for(world.admin).get("/office/network/charter/").content.decode()
    assert "Hours between two waves" in page
    assert 'name="wave_delay_hours" value="24"' in page


def test_an_admin_sets_the_delay_and_the_audit_log_says_so(world: World) -> None:
    make_network(world)
    response = world.client_for(world.admin).post(RULES_URL, rules(wave_delay_hours="6"))
    assert response.status_code == 302
    assert NetworkSettings.objects.get(tenant=world.acme).wave_delay_hours == 6
    assert network_rules_for(tenant=world.acme).wave_delay_hours == 6
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SETTINGS_CHANGED).latest("pk")
    assert event.details["section"] == "network"
    assert "wave_delay_hours" in event.details["fields"]
    page = world.client_for(world.admin).get("/office/network/charter/").content.decode()
    assert 'name="wave_delay_hours" value="6"' in page


@pytest.mark.parametrize("hours", ["0", "169", "-3", "soon", ""])
def test_a_delay_out_of_1_to_168_hours_is_refused_with_a_clear_message(
    world: World, hours: str
) -> None:
    make_network(world)
    response = world.client_for(world.admin).post(RULES_URL, rules(wave_delay_hours=hours))
    assert response.status_code == 200
    assert response.context["rules_form"].errors["wave_delay_hours"] == [ERROR]
    assert ERROR in response.content.decode()
    assert not NetworkSettings.objects.filter(tenant=world.acme).exists()


@pytest.mark.parametrize("hours", [1, 168])
def test_the_bounds_are_accepted(world: World, hours: int) -> None:
    make_network(world)
    response = world.client_for(world.admin).post(RULES_URL, rules(wave_delay_hours=str(hours)))
    assert response.status_code == 302
    assert network_rules_for(tenant=world.acme).wave_delay_hours == hours


def test_the_service_refuses_a_delay_out_of_bounds_and_keeps_it_when_not_given(
    world: World,
) -> None:
    make_network(world)
    with pytest.raises(ValidationError):
        network_settings_save(
            tenant=world.acme,
            sponsorships_per_month=5,
            one_candidate_per_job=None,
            wave_delay_hours=0,
        )
    network_settings_save(
        tenant=world.acme, sponsorships_per_month=5, one_candidate_per_job=None, wave_delay_hours=3
    )
    network_settings_save(tenant=world.acme, sponsorships_per_month=2, one_candidate_per_job=None)
    assert network_rules_for(tenant=world.acme).wave_delay_hours == 3


def test_an_internal_company_has_no_wave_delay_to_set(world: World) -> None:
    """Waves are the recruiter's choice in internal mode: the rules form does not ask."""
    client = world.client_for(world.admin)
    page = client.get("/office/network/charter/").content.decode()
    assert 'name="wave_delay_hours"' not in page
    response = client.post(RULES_URL, rules())
    assert response.status_code == 302
    assert NetworkSettings.objects.get(tenant=world.acme).wave_delay_hours == 24
