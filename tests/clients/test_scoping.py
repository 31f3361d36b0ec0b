"""What a client company's recruiter sees in a network's back office (N2): their company's
jobs and candidates only; the operator's own pages are closed to them."""

import pytest
from django.urls import reverse

from coopt.jobs.selectors import access_job, jobs_in_reach
from coopt.referrals.selectors import access_referral, referrals_in_reach

from ..conftest import World
from .conftest import Network

pytestmark = pytest.mark.django_db


def test_a_client_recruiter_reaches_only_their_companys_jobs(network: Network) -> None:
    assert list(jobs_in_reach(network.bakery_recruiter)) == [network.bakery_job]
    assert access_job(network.bakery_recruiter, network.bakery_job.pk) == network.bakery_job
    with pytest.raises(Exception, match="No Job matches"):
        access_job(network.bakery_recruiter, network.secret_job.pk)


def test_a_client_recruiter_reaches_only_their_companys_candidates(network: Network) -> None:
    assert list(referrals_in_reach(network.bakery_recruiter)) == [network.bakery_referral]
    assert access_referral(network.bakery_recruiter, network.bakery_referral.pk)
    with pytest.raises(Exception, match="No Referral matches"):
        access_referral(network.bakery_recruiter, network.secret_referral.pk)


def test_the_operators_staff_reach_every_clients_jobs(network: Network) -> None:
    jobs = set(jobs_in_reach(network.operator))
    assert jobs == {network.bakery_job, network.secret_job}
    assert set(referrals_in_reach(network.operator)) == {
        network.bakery_referral,
        network.secret_referral,
    }


def test_the_job_list_shows_a_client_recruiter_their_jobs_only(network: Network) -> None:
    response = network.client_for(network.bakery_recruiter).get(reverse("backoffice:jobs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Baker" in page
    assert "Store manager" not in page


def test_the_overview_counts_and_lists_only_the_clients_candidates(network: Network) -> None:
    response = network.client_for(network.bakery_recruiter).get(reverse("backoffice:home"))
    assert response.status_code == 200
    assert response.context["kpis"].published_jobs == 1
    shown = [row.referral for row in response.context["latest"]]
    assert shown == [network.bakery_referral]


@pytest.mark.parametrize(
    ("name", "arg"),
    [
        ("backoffice:job_pipeline", "job"),
        ("backoffice:job_pipeline_list", "job"),
        ("backoffice:candidate", "referral"),
    ],
)
def test_a_client_recruiter_gets_their_jobs_pages_and_404_on_another_clients(
    network: Network, name: str, arg: str
) -> None:
    client = network.client_for(network.bakery_recruiter)
    own = network.bakery_job if arg == "job" else network.bakery_referral
    other = network.secret_job if arg == "job" else network.secret_referral
    assert client.get(reverse(name, args=[own.pk])).status_code == 200
    assert client.get(reverse(name, args=[other.pk])).status_code == 404


def test_the_pipeline_board_of_their_job_shows_its_candidate(network: Network) -> None:
    client = network.client_for(network.bakery_recruiter)
    response = client.get(reverse("backoffice:job_pipeline", args=[network.bakery_job.pk]))
    assert "Paul" in response.content.decode()
    assert "Claire" not in response.content.decode()


def test_a_client_recruiter_cannot_move_another_clients_candidate(network: Network) -> None:
    client = network.client_for(network.bakery_recruiter)
    url = reverse("backoffice:candidate_status", args=[network.secret_referral.pk])
    assert client.post(url, {"status": "contacted"}).status_code == 404
    network.secret_referral.refresh_from_db()
    assert network.secret_referral.status == "recommended"


@pytest.mark.parametrize(
    "name",
    [
        "backoffice:settings",
        "backoffice:members",
        "backoffice:templates",
        "backoffice:job_create",
        "backoffice:taxonomy",
        "diffusion:sends",
        "rewards:ledger",
        "privacy:retention",
        "clients:list",
        "clients:create",
    ],
)
def test_a_client_recruiter_is_refused_the_operators_pages(network: Network, name: str) -> None:
    response = network.client_for(network.bakery_recruiter).get(reverse(name))
    assert response.status_code in (403, 404)


def test_the_operators_staff_get_every_clients_pages(network: Network) -> None:
    client = network.client_for(network.operator)
    for job in (network.bakery_job, network.secret_job):
        url = reverse("backoffice:job_pipeline", args=[job.pk])
        assert client.get(url).status_code == 200
    assert client.get(reverse("diffusion:sends")).status_code == 200


def test_the_back_office_menu_of_a_client_recruiter_hides_the_operators_pages(
    network: Network,
) -> None:
    page = network.client_for(network.bakery_recruiter).get(reverse("backoffice:jobs"))
    html = page.content.decode()
    assert reverse("diffusion:sends") not in html
    assert reverse("rewards:ledger") not in html
    assert reverse("backoffice:templates") not in html


def test_the_overview_offers_a_client_recruiter_no_operator_action(network: Network) -> None:
    html = network.client_for(network.bakery_recruiter).get(reverse("backoffice:home"))
    page = html.content.decode()
    assert reverse("backoffice:job_create") not in page
    assert reverse("backoffice:templates") not in page


def test_an_internal_companys_recruiter_keeps_every_page(world: World) -> None:
    client = world.client_for(world.recruiter)
    page = client.get(reverse("backoffice:home")).content.decode()
    assert reverse("backoffice:job_create") in page
    assert client.get(reverse("diffusion:sends")).status_code == 200
    assert client.get(reverse("backoffice:templates")).status_code == 200


def test_a_client_recruiter_reads_only_their_companys_jobs_on_the_board(network: Network) -> None:
    client = network.client_for(network.bakery_recruiter)
    board = client.get(reverse("jobs:board"))
    assert [job.pk for job in board.context["page_obj"]] == [network.bakery_job.pk]
    assert "Store manager" not in board.content.decode()
    assert client.get(reverse("jobs:detail", args=[network.secret_job.pk])).status_code == 404
    assert client.get(reverse("jobs:detail", args=[network.bakery_job.pk])).status_code == 200


def test_a_referrer_of_the_network_reads_every_clients_jobs(network: Network) -> None:
    board = network.client_for(network.coopteur).get(reverse("jobs:board"))
    shown = {job.pk for job in board.context["page_obj"]}
    assert shown == {network.bakery_job.pk, network.secret_job.pk}
