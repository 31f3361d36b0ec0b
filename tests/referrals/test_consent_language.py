"""The pages a referred person reaches from our e-mails speak the language the member chose
for them, not the browser's; they may pick another of the company's languages, and it is kept
for the next pages and e-mails (L1, R3)."""

import pytest
from django.test import Client
from django.urls import reverse

from coopt.notifications.models import OutboundEmail
from coopt.referrals.models import Referral, Status
from coopt.referrals.services import referral_set_status

from .. import factories as f
from ..conftest import ACME_HOST, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world: World) -> Referral:
    return f.refer(referrer=world.member, job=world.job, email="jane@example.org", language="fr")


def url(referral: Referral) -> str:
    return f.consent_path(referral)


def german_browser() -> Client:
    client = Client(HTTP_HOST=ACME_HOST, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    client.cookies["django_language"] = "de"  # a choice made elsewhere on the site
    return client


def test_the_page_speaks_the_language_chosen_by_the_member_not_the_browsers(referral):
    response = german_browser().get(url(referral))
    assert response["Content-Language"] == "fr"
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Oui, cela m’intéresse" in html
    assert "Ja, ich bin interessiert" not in html


def test_it_offers_a_visible_switch_to_the_companys_languages(world, referral):
    world.acme.enabled_languages = ["fr", "en", "nl"]
    world.acme.save()
    path = url(referral)
    html = german_browser().get(path).content.decode()
    assert 'data-testid="candidate-language-switch"' in html
    assert f'action="{path}"' in html
    assert 'name="answer" value="language"' in html
    assert reverse("set_language") not in html  # not the site's cookie switch
    for code in ("fr", "en", "nl"):
        assert f'value="{code}" lang="{code}"' in html
    assert 'value="de" lang="de"' not in html


def test_the_persons_choice_is_kept_for_the_pages_and_the_emails(world, referral):
    client = german_browser()
    response = client.post(url(referral), {"answer": "language", "language": "en"}, follow=True)
    assert response["Content-Language"] == "en"
    assert "Yes, I am interested" in response.content.decode()
    referral.refresh_from_db()
    assert referral.language == "en"
    # Another browser, another day: still their language.
    assert Client(HTTP_HOST=ACME_HOST).get(url(referral))["Content-Language"] == "en"

    client.post(url(referral), {"answer": "confirm"})
    referral_set_status(referral=referral, status=Status.CONTACTED, author=world.recruiter.user)
    email = OutboundEmail.objects.get(to_email="jane@example.org", template="candidate-status")
    assert email.language == "en"


def test_picking_a_language_takes_no_answer(referral):
    german_browser().post(url(referral), {"answer": "language", "language": "en"})
    referral.refresh_from_db()
    assert referral.consent == "awaiting"


def test_a_language_the_company_does_not_offer_is_refused(world, referral):
    world.acme.enabled_languages = ["fr", "en"]
    world.acme.save()
    german_browser().post(url(referral), {"answer": "language", "language": "de"})
    referral.refresh_from_db()
    assert referral.language == "fr"


def test_a_language_the_company_no_longer_offers_falls_back_to_its_default(world, referral):
    world.acme.enabled_languages = ["en", "nl"]
    world.acme.default_language = "nl"
    world.acme.save()
    assert german_browser().get(url(referral))["Content-Language"] == "nl"


def test_the_confirmation_after_declining_is_in_their_language(referral):
    response = german_browser().post(url(referral), {"answer": "decline"})
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()


def test_the_confirmation_after_confirming_is_in_their_language(referral):
    response = german_browser().post(url(referral), {"answer": "confirm"}, follow=True)
    assert response["Content-Language"] == "fr"
    assert "Ja, ich bin interessiert" not in response.content.decode()
