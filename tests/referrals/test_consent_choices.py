"""Every answer on the consent page is kept: given, refused or withdrawn, the fact is
recorded, the referrer told where the product tells them, the person shown what happened,
and nothing personal kept after a refusal (R3, Y1, Y5)."""

import pytest

from coopt.notifications.models import Notification
from coopt.referrals.models import Consent, ConsentRecord, Referral

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world: World) -> Referral:
    return f.refer(referrer=world.member, job=world.job, email="jane@example.org", language="en")


def url(referral: Referral) -> str:
    return f.consent_path(referral)


def facts(referral: Referral) -> list[tuple[str, str, str]]:
    records = ConsentRecord.objects.filter(referral=referral).order_by("created_at", "id")
    return list(records.values_list("kind", "action", "email_key"))


def test_confirming_without_the_pool_records_the_refusal_and_says_so(referral, acme_client):
    response = acme_client.post(url(referral), {"answer": "confirm"}, follow=True)
    html = response.content.decode()
    assert "Your interest is confirmed" in html
    assert "You chose not to be considered for other jobs" in html
    referral.refresh_from_db()
    assert referral.consent == Consent.CONFIRMED
    assert referral.pool_consent_at is None
    assert facts(referral) == [
        ("processing", "given", "jane@example.org"),
        ("talent_pool", "refused", "jane@example.org"),
    ]


def test_confirming_with_the_pool_records_both_consents(referral, acme_client):
    response = acme_client.post(
        url(referral), {"answer": "confirm", "pool_consent": "on"}, follow=True
    )
    assert "You chose not to be considered" not in response.content.decode()
    referral.refresh_from_db()
    assert referral.pool_consent_at is not None
    assert facts(referral) == [
        ("processing", "given", "jane@example.org"),
        ("talent_pool", "given", "jane@example.org"),
    ]


def test_declining_records_it_tells_the_referrer_shows_it_and_keeps_nothing_personal(
    world, referral, acme_client
):
    response = acme_client.post(url(referral), {"answer": "decline"})
    assert response.status_code == 200
    assert "Your data has been deleted" in response.content.decode()
    referral.refresh_from_db()
    assert referral.consent == Consent.DECLINED
    assert referral.personal_data_deleted_at is not None
    assert (referral.first_name, referral.email) == ("", "")
    assert not referral.documents.exists()
    assert facts(referral) == [("processing", "withdrawn", "")]  # the fact, not the person
    notes = [n.text for n in Notification.objects.filter(recipient=world.member)]
    assert "The person you recommended for “Account manager” declined." in notes
    assert not any("Jane" in text for text in notes)


def test_withdrawing_after_confirming_ends_every_consent(world, referral, acme_client):
    acme_client.post(url(referral), {"answer": "confirm", "pool_consent": "on"})
    acme_client.post(url(referral), {"answer": "decline"})
    referral.refresh_from_db()
    assert referral.consent == Consent.DECLINED
    assert referral.personal_data_deleted_at is not None
    assert [(kind, action) for kind, action, _key in facts(referral)] == [
        ("processing", "given"),
        ("talent_pool", "given"),
        ("processing", "withdrawn"),
        ("talent_pool", "withdrawn"),
    ]


def test_the_pool_cannot_be_given_before_confirming_and_the_person_is_told(referral, acme_client):
    response = acme_client.post(url(referral), {"answer": "pool_give"}, follow=True)
    assert "Confirm your interest first" in response.content.decode()
    referral.refresh_from_db()
    assert referral.pool_consent_at is None
    assert facts(referral) == []


def test_an_unknown_answer_is_not_taken_for_a_yes(referral, acme_client):
    response = acme_client.post(url(referral), {}, follow=True)
    assert "Choose one of the answers below." in response.content.decode()
    referral.refresh_from_db()
    assert referral.consent == Consent.AWAITING
    assert facts(referral) == []


def test_an_answer_on_a_closed_request_is_told_it_changes_nothing(referral, acme_client):
    acme_client.post(url(referral), {"answer": "decline"})
    response = acme_client.post(url(referral), {"answer": "confirm"})
    html = response.content.decode()
    assert "This request is closed" in html
    assert "your answer changes nothing" in html
    referral.refresh_from_db()
    assert referral.consent == Consent.DECLINED
