"""The operator imports jobs for a client company from a CSV file (N2): each valid line becomes
a draft job of that client; a bad file changes nothing; only the operator's admins get in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coopt.audit.models import AuditEvent
from coopt.audit.services import Action
from coopt.clients.job_import import JobImportReport
from coopt.clients.models import ClientCompany
from coopt.jobs.models import ContractType, Job
from coopt.privacy.audit_details import describe_details
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import ACME_HOST, World
from .conftest import Network

pytestmark = pytest.mark.django_db

GOOD_FILE = (
    "Title;Description;Location;Job family;Sector;Contract type;Closes on\n"
    "Pastry chef;<p>Croissants <script>alert(1)</script>at dawn.</p>;lyon | PARIS;"
    "production;retail;fixed_term;2099-06-30\n"
    "Delivery driver;Drives the van.;Lyon;;;Internship;\n"
    "Shop assistant;;;;;;\n"
)


def url(network: Network, client: ClientCompany | None = None) -> str:
    return reverse("clients:job_import", args=[(client or network.bakery).pk])


def upload(content: bytes, name: str = "jobs.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def tags(network: Network) -> dict[str, Tag]:
    return {
        "lyon": f.make_tag(network.tenant, "Lyon"),
        "paris": f.make_tag(network.tenant, "Paris"),
        "production": f.make_tag(network.tenant, "Production", Tag.Kind.FAMILY),
        "retail": f.make_tag(network.tenant, "Retail", Tag.Kind.SECTOR),
    }


def post(network: Network, content: bytes) -> tuple[int, str, JobImportReport]:
    response = network.client_for(network.operator).post(url(network), {"file": upload(content)})
    report = response.context["report"]
    assert isinstance(report, JobImportReport)
    return response.status_code, response.content.decode(), report


def imported(network: Network) -> "list[Job]":
    return list(
        Job.objects.filter(client=network.bakery)
        .exclude(pk=network.bakery_job.pk)
        .prefetch_related("locations")
        .order_by("id")
    )


def test_the_client_page_links_to_the_import(network: Network) -> None:
    response = network.client_for(network.operator).get(
        reverse("clients:edit", args=[network.bakery.pk])
    )
    assert url(network) in response.content.decode()
    assert "Import jobs (CSV)" in response.content.decode()


def test_the_page_explains_the_columns_and_offers_an_example(
    network: Network, tags: dict[str, Tag]
) -> None:
    client = network.client_for(network.operator)
    page = client.get(url(network)).content.decode()
    for column in ("title", "description", "location", "job_family", "sector", "closes_on"):
        assert f"<code>{column}</code>" in page
    example = client.get(url(network), {"example": "csv"})
    assert example["Content-Type"] == "text/csv"
    assert "attachment" in example["Content-Disposition"]
    # The example imports as it is, given the tags it names.
    f.make_tag(network.tenant, "Sales", Tag.Kind.FAMILY)
    status, _page, report = post(network, example.content)
    assert status == 200
    assert report.created == 2 and report.rejected == 0


def test_a_semicolon_file_with_a_bom_creates_drafts_for_the_client(
    network: Network, tags: dict[str, Tag]
) -> None:
    status, page, report = post(network, "\ufeff".encode() + GOOD_FILE.encode())
    assert status == 200
    assert (report.created, report.rejected) == (3, 0)
    pastry, driver, assistant = imported(network)
    assert {job.status for job in (pastry, driver, assistant)} == {Job.Status.DRAFT}
    assert {job.tenant_id for job in (pastry, driver, assistant)} == {network.tenant.pk}
    assert pastry.title == "Pastry chef"
    assert "<script>" not in pastry.description and "<p>" in pastry.description
    assert set(pastry.locations.all()) == {tags["lyon"], tags["paris"]}
    assert pastry.job_family == tags["production"] and pastry.sector == tags["retail"]
    assert pastry.contract_type == ContractType.FIXED_TERM
    assert str(pastry.closes_on) == "2099-06-30"
    assert pastry.created_by == network.operator.user
    assert driver.contract_type == ContractType.INTERNSHIP  # by its label
    assert assistant.contract_type == ContractType.PERMANENT and assistant.closes_on is None
    assert not assistant.locations.exists()
    assert 'data-testid="import-report"' in page


def test_a_comma_file_without_bom_is_read_too(network: Network, tags: dict[str, Tag]) -> None:
    status, _page, report = post(network, b'title,location\n"Baker, night shift",Paris\n')
    assert report.created == 1
    assert imported(network)[0].title == "Baker, night shift"


def test_unknown_tags_and_bad_values_reject_their_lines_with_reasons(
    network: Network, tags: dict[str, Tag]
) -> None:
    archived = f.make_tag(network.tenant, "Nantes")
    archived.is_archived = True
    archived.save()
    content = (
        b"title;location;sector;contract_type;closes_on\n"
        b"Good one;Lyon;Retail;;\n"
        b"Far away;Atlantis;;;\n"
        b"Too late;;;;2020-01-01\n"
        b"Archived place;Nantes;;;\n"
        b"Odd contract;;;gig;\n"
        b"Odd sector;;Mining;;\n"
        b"Odd date;;;;31/12/2099\n"
        b";Lyon;;;\n"
    )
    status, page, report = post(network, content)
    assert (report.created, report.rejected) == (1, 7)
    assert [job.title for job in imported(network)] == ["Good one"]
    reasons = {row.line: " ".join(row.reasons) for row in report.rows}
    assert "Unknown location: Atlantis" in reasons[3]
    assert "in the past" in reasons[4]
    assert "Unknown location: Nantes" in reasons[5]
    assert "Unknown contract type: gig" in reasons[6]
    assert "Unknown sector: Mining" in reasons[7]
    assert "Invalid closing date" in reasons[8]
    assert "Missing value: title" in reasons[9]
    assert "Unknown location: Atlantis" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title;location\nCafé serveur;Lyon\n".encode("latin-1"), "not UTF-8"),
        (b"name;location\nBaker;Lyon\n", "title column is missing"),
        (b" \n", "The file is empty"),
        (b"title\n\n", "no job lines"),
        (b'title\n"Baker\n', "not a valid CSV file"),
        ("title\n" + "Baker\n" * 2001, "more than 2,000 lines"),
    ],
)
def test_a_bad_file_changes_nothing_and_says_why(
    network: Network, tags: dict[str, Tag], content: bytes | str, message: str
) -> None:
    data = content.encode() if isinstance(content, str) else content
    before = Job.objects.count()
    response = network.client_for(network.operator).post(url(network), {"file": upload(data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported." in page
    assert message in page
    assert Job.objects.count() == before
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()


def test_a_file_over_two_megabytes_is_refused(network: Network) -> None:
    before = Job.objects.count()
    big = b"title\n" + b"x" * (2 * 1024 * 1024)
    response = network.client_for(network.operator).post(url(network), {"file": upload(big)})
    assert "2 MB at most" in response.content.decode()
    assert Job.objects.count() == before


def test_the_import_is_audited_with_its_counts(network: Network, tags: dict[str, Tag]) -> None:
    post(network, b"title;location\nBaker;Lyon\nNowhere;Atlantis\n")
    event = AuditEvent.objects.get(action=Action.IMPORT)
    assert event.details == {"what": "jobs", "created": 1, "rejected": 1}
    assert event.tenant_id == network.tenant.pk
    assert event.actor_id == network.operator.user_id
    assert event.target == f"clientcompany:{network.bakery.pk}"
    described = " ".join(str(line) for line in describe_details(event))
    assert "Imported: jobs" in described and "rejected: 1" in described


@pytest.mark.parametrize("who", ["bakery_recruiter", "coopteur"])
def test_a_clients_recruiter_and_a_member_are_refused(network: Network, who: str) -> None:
    client = network.client_for(getattr(network, who))
    assert client.get(url(network)).status_code in (403, 404)
    response = client.post(url(network), {"file": upload(b"title\nBaker\n")})
    assert response.status_code in (403, 404)
    assert not Job.objects.filter(title="Baker").exclude(pk=network.bakery_job.pk).exists()


def test_another_networks_admin_gets_404(network: Network) -> None:
    other = f.make_tenant("autre", "Autre réseau", mode=Tenant.Mode.NETWORK)
    admin = f.make_member(other, is_admin=True)
    client = Client(HTTP_HOST="autre.localhost")
    client.force_login(admin.user)
    assert client.get(url(network)).status_code == 404
    response = client.post(url(network), {"file": upload(b"title\nIntruder\n")})
    assert response.status_code == 404
    assert not Job.objects.filter(title="Intruder").exists()


def test_the_page_is_404_in_an_internal_company(world: World) -> None:
    client_company = ClientCompany.objects.create(tenant=world.acme, name="Stray")
    response = world.client_for(world.admin, host=ACME_HOST).get(
        reverse("clients:job_import", args=[client_company.pk])
    )
    assert response.status_code == 404
