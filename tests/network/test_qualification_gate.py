"""Before the operator forwards a candidate, the client company's recruiters cannot reach
them (N3): on every route that takes a referral or a CV they get exactly what they get for
a referral that does not exist, and no list, count or board shows them."""

import pytest
from django.urls import reverse

from coopt.referrals.models import Referral

from .. import factories as f
from ..referrals.cv_files import pdf_upload
from .conftest import Network
from .scan import pages

pytestmark = pytest.mark.django_db

MISSING = 987_654_321


@pytest.fixture
def waiting(network: Network) -> Referral:
    """Hugo, confirmed with a CV for the bakery's job, not forwarded yet."""
    return f.refer(
        referrer=f.make_member(network.tenant),
        job=network.bakery_job,
        first_name="Hugo",
        last_name="Waitingcall",
        cv=pdf_upload("hugo.pdf"),
        confirmed=True,
    )


def _routes(referral: Referral, method: str) -> list[tuple[str, str, str]]:
    """(name, URL for the referral, URL for a referral that does not exist)."""
    document = referral.documents.get()
    real = {"referral": referral, "document": document}
    missing = {"referral": MISSING, "document": MISSING}
    found = {page.name: page.url for page in pages(real, method=method)}
    ghost = {page.name: page.url for page in pages(missing, method=method)}
    return [(name, found[name], ghost[name]) for name in found if found[name] != ghost[name]]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_client_recruiter_gets_nothing_of_a_candidate_not_forwarded(
    network: Network, waiting: Referral, method: str
) -> None:
    routes = _routes(waiting, method)
    names = {name for name, _url, _ghost in routes}
    expected = (
        {"backoffice:candidate", "backoffice:document_download"}
        if method == "GET"
        else {"backoffice:candidate_status", "backoffice:candidate_note"}
    )
    assert expected <= names, names
    client = network.client_for(network.bakery_recruiter)
    for name, url, ghost in routes:
        response = getattr(client, method.lower())(url)
        assert response.status_code in (403, 404), name
        assert response.status_code == getattr(client, method.lower())(ghost).status_code, name
        assert "Waitingcall" not in response.content.decode(), name
    # Once forwarded, the same recruiter opens the candidate and their CV.
    f.forward(waiting, by=network.operator)
    assert client.get(reverse("backoffice:candidate", args=[waiting.pk])).status_code == 200
    document = waiting.documents.get()
    url = reverse("backoffice:document_download", args=[document.pk])
    assert client.get(url).status_code == 200


def test_no_list_or_count_of_the_client_shows_a_candidate_not_forwarded(
    network: Network, waiting: Referral
) -> None:
    client = network.client_for(network.bakery_recruiter)
    job = network.bakery_job
    for url in (
        reverse("backoffice:home"),
        reverse("backoffice:jobs"),
        reverse("backoffice:job_pipeline", args=[job.pk]),
        reverse("backoffice:job_pipeline_list", args=[job.pk]),
        reverse("backoffice:job_pipeline_list", args=[job.pk]) + "?status=recommended",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Waitingcall" not in response.content.decode(), url
    board = client.get(reverse("backoffice:job_pipeline", args=[job.pk])).context["board"]
    assert board.total == 1  # Paul, forwarded by the fixture
    jobs = client.get(reverse("backoffice:jobs")).context["jobs"]
    assert [job.in_process_count for job in jobs] == [1]
    # The operator sees both.
    operator_page = network.client_for(network.operator).get(
        reverse("backoffice:job_pipeline", args=[job.pk])
    )
    assert "Waitingcall" in operator_page.content.decode()


def test_a_bulk_status_change_by_the_client_skips_a_candidate_not_forwarded(
    network: Network, waiting: Referral
) -> None:
    client = network.client_for(network.bakery_recruiter)
    url = reverse("backoffice:job_pipeline_list", args=[network.bakery_job.pk])
    client.post(url, {"referrals": [waiting.pk], "status": "contacted"})
    waiting.refresh_from_db()
    assert waiting.status == "recommended"
