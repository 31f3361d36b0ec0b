"""The client company's model and services (N2)."""

import pytest

from coopt.accounts.services import MembershipChangeRefused, membership_set_roles
from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.backoffice.selectors import transfer_targets
from coopt.clients.models import ClientCompany
from coopt.clients.services import MemberExists, client_recruiter_invite, client_save

from .. import factories as f
from .conftest import Network

pytestmark = pytest.mark.django_db


def test_a_confidential_company_is_read_by_its_public_description(network: Network) -> None:
    assert network.bakery.public_name == "Boulanger SA"
    assert network.secret.public_name == "a retail company"
    assert network.secret_job.hiring_organisation == "a retail company"
    assert network.bakery_job.hiring_organisation == "Boulanger SA"


def test_a_confidential_company_without_a_description_still_hides_its_name() -> None:
    client = ClientCompany(name="Hidden", is_confidential=True)
    assert "Hidden" not in client.public_name


def test_saving_a_client_is_recorded_in_the_audit_log(network: Network) -> None:
    client_save(
        tenant=network.tenant,
        actor=Actor.member(network.operator),
        client=network.bakery,
        contact_phone="01 02 03 04 05",
    )
    event = AuditEvent.objects.filter(target=f"client:{network.bakery.pk}").latest("id")
    assert event.tenant_id == network.tenant.pk
    assert event.actor == network.operator.user
    assert event.details["section"] == "client_company"
    assert event.details["fields"] == ["contact_phone"]


def test_a_client_takes_only_its_own_fields(network: Network) -> None:
    with pytest.raises(TypeError, match="tenant_id"):
        client_save(tenant=network.tenant, actor=Actor.system("test"), tenant_id=1)


def test_an_invited_recruiter_works_for_the_client_and_is_not_a_coopteur(
    network: Network,
) -> None:
    invited = client_recruiter_invite(
        client=network.bakery, actor=Actor.system("test"), email="new@boulanger.test"
    )
    assert invited.client == network.bakery
    assert invited.is_recruiter and not invited.is_member and not invited.is_admin
    assert invited.is_client_recruiter and not invited.is_in_house_recruiter


def test_an_existing_member_is_not_moved_to_a_client(network: Network) -> None:
    with pytest.raises(MemberExists):
        client_recruiter_invite(
            client=network.bakery, actor=Actor.system("test"), email="coopteur@reseau.test"
        )


def test_a_candidate_moves_only_to_the_client_recruiters_jobs(network: Network) -> None:
    second = f.make_job(network.tenant, title="Pastry chef", client=network.bakery)
    targets = transfer_targets(referral=network.bakery_referral, member=network.bakery_recruiter)
    assert list(targets) == [second]
    everyone = transfer_targets(referral=network.bakery_referral, member=network.operator)
    assert set(everyone) == {second, network.secret_job}


def test_a_clients_recruiter_cannot_be_made_an_admin(network: Network) -> None:
    with pytest.raises(MembershipChangeRefused):
        membership_set_roles(
            membership=network.bakery_recruiter,
            is_expert=False,
            is_recruiter=True,
            is_admin=True,
            actor=Actor.member(network.operator),
        )
    network.bakery_recruiter.refresh_from_db()
    assert not network.bakery_recruiter.is_admin
