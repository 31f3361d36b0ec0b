"""The person's data page shows everything held about them in this tenant, and nothing else."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopt.privacy.models import SubjectRequest
from coopt.referrals.models import ConsentRecord, Referral, Status
from coopt.referrals.services import application_submit, referral_set_status
from coopt.referrals.services.submit import ApplicationData

from .. import factories as f
from ..conftest import World
from .requests_helpers import JANE, JANE_KEY, anonymous, page_path, refer_jane

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_instant")]


@pytest.fixture
def jane(world: World) -> Referral:
    referral = refer_jane(world)
    referral_set_status(referral=referral, status=Status.CONTACTED, author=world.recruiter.user)
    return referral


def test_it_shows_each_referral_with_everything_held(world, jane):
    world.member.user.first_name, world.member.user.last_name = "Marc", "Lenoir"
    world.member.user.save()
    html = anonymous(world.acme).get(page_path(world.acme)).content.decode()
    for shown in (
        "Your personal data at Acme",
        "Account manager",  # the job
        "recommended by Marc Lenoir",  # who referred them
        "Contacted",  # status
        "Confirmed",  # consent state
        "Jane Doe",
        JANE,
        "06 12 34 56 78",
        "Former colleague at Initech",
        "Ships on time, every time",
        "Jane CV.pdf",
        timezone.localtime(jane.created_at).strftime("%d/%m/%Y"),
    ):
        assert shown in html, shown
    assert html.count('data-testid="held-referral"') == 1


def test_it_shows_every_referral_and_application_of_the_person_in_this_tenant(world, jane):
    second = f.make_job(world.acme, author=world.recruiter.user, title="Field engineer")
    application_submit(
        job=second,
        data=ApplicationData(first_name="Jane", last_name="Doe", email="jane.doe@example.org"),
    )
    html = anonymous(world.acme).get(page_path(world.acme)).content.decode()
    assert html.count('data-testid="held-referral"') == 2
    assert "Field engineer" in html
    assert "Direct application" in html


def test_it_shows_the_consent_records_of_the_person(world, jane):
    ConsentRecord.objects.create(
        tenant=world.acme,
        referral=jane,
        email_key=JANE_KEY,
        kind=ConsentRecord.Kind.TALENT_POOL,
        action=ConsentRecord.Action.GIVEN,
        text_version="pool-text-v7",
        channel=ConsentRecord.Channel.EMAIL_LINK,
    )
    html = anonymous(world.acme).get(page_path(world.acme)).content.decode()
    assert "pool-text-v7" in html
    assert "Staying in the talent pool" in html
    assert "Link in an e-mail" in html


def test_it_shows_nothing_of_other_people_or_of_other_tenants(world, jane):
    f.refer(referrer=world.member, job=world.job, first_name="Bob", email="bob@example.org")
    refer_jane(
        world, job=world.globex_job, member=world.outsider_member, motivation="Globex secret"
    )
    ConsentRecord.objects.create(
        tenant=world.globex,
        email_key=JANE_KEY,
        kind="processing",
        action="given",
        text_version="globex-version",
        channel="public_form",
    )
    html = anonymous(world.acme).get(page_path(world.acme)).content.decode()
    assert "Bob" not in html
    assert "Globex secret" not in html
    assert "Globex analyst" not in html
    assert "globex-version" not in html


def test_it_offers_download_correct_erase_and_a_request_to_the_company(world, jane):
    path = page_path(world.acme)
    html = anonymous(world.acme).get(path).content.decode()
    assert f'action="{path}download/"' in html
    assert f'href="{path}correct/"' in html
    assert f'href="{path}erase/"' in html
    assert f'href="{path}request/"' in html


def test_viewing_the_page_records_no_request(world, jane):
    anonymous(world.acme).get(page_path(world.acme))
    assert not SubjectRequest.objects.exists()


def test_it_speaks_the_language_the_person_was_written_to_in(world):
    refer_jane(world, language="fr")
    response = anonymous(world.acme).get(page_path(world.acme))
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()


def test_the_browser_language_does_not_decide(world):
    refer_jane(world, language="fr")
    client = Client(HTTP_HOST="acme.localhost", HTTP_ACCEPT_LANGUAGE="de")
    client.cookies["django_language"] = "de"  # a choice made elsewhere on the site
    response = client.get(page_path(world.acme))
    assert response["Content-Language"] == "fr"


def test_the_person_picks_another_language_and_every_referral_keeps_it(world):
    first = refer_jane(world, language="fr")
    second = refer_jane(world, job=f.make_job(world.acme), language="fr")
    client = anonymous(world.acme)
    path = page_path(world.acme)
    html = client.get(path).content.decode()
    assert 'data-testid="candidate-language-switch"' in html
    assert f'action="{path}language/"' in html
    assert 'name="answer" value="language"' in html
    assert reverse("set_language") not in html  # not the site's cookie switch

    response = client.post(f"{path}language/", {"language": "de"}, follow=True)
    assert response["Content-Language"] == "de"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.language, second.language) == ("de", "de")
    assert anonymous(world.acme).get(page_path(world.acme))["Content-Language"] == "de"


def test_a_language_the_company_does_not_offer_is_refused(world):
    world.acme.enabled_languages = ["fr", "en"]
    world.acme.save()
    jane = refer_jane(world, language="fr")
    client = anonymous(world.acme)
    html = client.get(page_path(world.acme)).content.decode()
    assert 'value="de"' not in html
    client.post(f"{page_path(world.acme)}language/", {"language": "de"})
    jane.refresh_from_db()
    assert jane.language == "fr"


def test_it_wears_the_tenant_brand(world, jane):
    html = anonymous(world.acme).get(page_path(world.acme)).content.decode()
    assert '<span class="brand-name">Acme</span>' in html
    assert 'href="/brand.css?v=' in html  # the tenant's colours
    assert "Sign in" not in html  # a page for someone who has no account


def test_a_person_about_whom_nothing_is_held_is_told_so(world):
    response = anonymous(world.acme).get(page_path(world.acme, "nobody@example.org"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="nothing-held"' in html
    assert "Nothing is held about you" in html
    assert "download/" not in html


def test_the_page_reads_a_bounded_number_of_queries(world, jane, django_assert_max_num_queries):
    for title in ("Job two", "Job three", "Job four"):
        job = f.make_job(world.acme, author=world.recruiter.user, title=title)
        refer_jane(world, job=job)
    client = anonymous(world.acme)
    with django_assert_max_num_queries(20):
        response = client.get(page_path(world.acme))
    assert response.content.decode().count('data-testid="held-referral"') == 4
