"""Consent records (Y5): when, which text version, through which channel; withdrawing is as
easy as giving."""

import pytest
from django.urls import reverse

from coopt.audit.actors import Actor
from coopt.referrals.consent_records import CONSENT_TEXT_VERSION
from coopt.referrals.models import Consent, ConsentRecord, Referral
from coopt.referrals.retention import retention_policy_update

from .. import factories as f
from ..privacy.purge_helpers import confirmed, submitted

pytestmark = pytest.mark.django_db

POOL_LABEL = "Keep my data for 24 months to be considered for other jobs"


def consent_url(referral: Referral) -> str:
    return f.consent_path(referral)


def facts(referral: Referral) -> list[tuple[str, str, str]]:
    records = ConsentRecord.objects.filter(referral=referral).order_by("created_at", "id")
    return list(records.values_list("kind", "action", "channel"))


def test_confirming_on_the_consent_page_records_it(world, acme_client):
    referral = submitted(world.member, world.job, email="Jane.Doe+jobs@Example.org")
    response = acme_client.post(consent_url(referral), {"answer": "confirm"})
    assert response.status_code == 302
    record = ConsentRecord.objects.get(referral=referral, kind="processing")
    assert (record.kind, record.action, record.channel) == ("processing", "given", "email_link")
    assert record.text_version == CONSENT_TEXT_VERSION
    assert record.email_key == "jane.doe@example.org"
    assert record.tenant == world.acme
    referral.refresh_from_db()
    assert referral.pool_consent_at is None
    # The unticked talent-pool box is an answer: recorded as a refusal, not dropped.
    assert facts(referral) == [
        ("processing", "given", "email_link"),
        ("talent_pool", "refused", "email_link"),
    ]


def test_confirming_with_the_pool_checkbox_records_both_consents(world, acme_client):
    referral = submitted(world.member, world.job)
    page = acme_client.get(consent_url(referral)).content.decode()
    assert POOL_LABEL in page
    acme_client.post(consent_url(referral), {"answer": "confirm", "pool_consent": "on"})
    referral.refresh_from_db()
    assert referral.consent == Consent.CONFIRMED
    assert referral.pool_consent_at is not None
    assert facts(referral) == [
        ("processing", "given", "email_link"),
        ("talent_pool", "given", "email_link"),
    ]


def test_the_pool_wording_follows_the_tenants_period(world, acme_client):
    retention_policy_update(
        tenant=world.acme,
        unconfirmed_days=30,
        not_retained_months=3,
        talent_pool_months=12,
        hired_months=None,
        actor=Actor.system(),
    )
    referral = submitted(world.member, world.job)
    page = acme_client.get(consent_url(referral)).content.decode()
    assert "Keep my data for 12 months to be considered for other jobs" in page
    assert POOL_LABEL not in page


def test_a_confirmed_person_joins_and_leaves_the_pool_in_one_click_each(world, acme_client):
    referral = confirmed(world.member, world.job)
    page = acme_client.get(consent_url(referral)).content.decode()
    assert 'value="pool_give"' in page
    assert 'value="pool_withdraw"' not in page

    response = acme_client.post(consent_url(referral), {"answer": "pool_give"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.pool_consent_at is not None
    page = acme_client.get(consent_url(referral)).content.decode()
    assert 'value="pool_withdraw"' in page
    assert 'value="pool_give"' not in page

    acme_client.post(consent_url(referral), {"answer": "pool_give"})  # a second click
    response = acme_client.post(consent_url(referral), {"answer": "pool_withdraw"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.pool_consent_at is None
    assert referral.consent == Consent.CONFIRMED  # still a candidate for this job
    assert facts(referral) == [
        ("processing", "given", "email_link"),
        ("talent_pool", "refused", "email_link"),  # the box left unticked when confirming
        ("talent_pool", "given", "email_link"),
        ("talent_pool", "withdrawn", "email_link"),
    ]


def test_withdrawing_everything_records_it_then_forgets_who(world, acme_client):
    referral = confirmed(world.member, world.job, pool=True)
    response = acme_client.post(consent_url(referral), {"answer": "decline"})
    assert response.status_code == 200
    assert facts(referral) == [
        ("processing", "given", "email_link"),
        ("talent_pool", "given", "email_link"),
        ("processing", "withdrawn", "email_link"),
        ("talent_pool", "withdrawn", "email_link"),
    ]
    records = ConsentRecord.objects.filter(referral=referral)
    assert set(records.values_list("email_key", flat=True)) == {""}
    assert set(records.values_list("text_version", flat=True)) == {CONSENT_TEXT_VERSION}


def test_declining_without_confirming_is_recorded_as_an_objection(world, acme_client):
    referral = submitted(world.member, world.job)
    acme_client.post(consent_url(referral), {"answer": "decline"})
    assert facts(referral) == [("processing", "withdrawn", "email_link")]
    # The page is closed now: the pool buttons change nothing.
    acme_client.post(consent_url(referral), {"answer": "pool_give"})
    assert facts(referral) == [("processing", "withdrawn", "email_link")]


def test_the_public_form_records_its_consent_and_the_optional_pool(world, acme_client):
    url = reverse("jobs:public", args=[world.job.pk])
    assert POOL_LABEL in acme_client.get(url).content.decode()
    base = {"first_name": "Ada", "last_name": "Lovelace", "consent": "on"}
    acme_client.post(url, {**base, "email": "ada@example.org"})
    acme_client.post(url, {**base, "email": "grace@example.org", "pool_consent": "on"})
    ada = Referral.objects.get(email="ada@example.org")
    grace = Referral.objects.get(email="grace@example.org")
    assert facts(ada) == [("processing", "given", "public_form")]
    assert ada.pool_consent_at is None
    assert facts(grace) == [
        ("processing", "given", "public_form"),
        ("talent_pool", "given", "public_form"),
    ]
    assert grace.pool_consent_at is not None


def test_internal_mobility_records_its_consent(world):
    client = world.client_for(world.member)
    response = client.post(
        reverse("referrals:apply_internal", args=[world.job.pk]), {"motivation": "Ready to move"}
    )
    assert response.status_code == 302
    referral = Referral.objects.get(applicant=world.member)
    record = ConsentRecord.objects.get(referral=referral)
    assert (record.kind, record.action, record.channel) == ("processing", "given", "member_space")
    assert record.email_key == world.member.user.email.lower()


def test_the_candidate_page_shows_the_consent_history(world, acme_client):
    referral = confirmed(world.member, world.job, pool=True)
    acme_client.post(consent_url(referral), {"answer": "pool_withdraw"})
    html = world.client_for(world.recruiter).get(referral.get_absolute_url()).content.decode()
    section = html[html.index('data-testid="consents"') :]
    assert section.count("<li>") == 3
    for shown in (
        "Processing for a job",
        "Staying in the talent pool",
        "Given",
        "Withdrawn",
        "Link in an e-mail",
        f"text version {CONSENT_TEXT_VERSION}",
    ):
        assert shown in section, shown
