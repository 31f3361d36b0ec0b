import pytest
from django.core import mail

from coopt.referrals.models import Consent, Referral
from coopt.referrals.services import ReferralData, ReferralRefused, referral_submit

from .. import factories as f
from ..emails import consent_referral_in, html_of


def data(**overrides: str) -> ReferralData:
    values = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane@example.org",
        "relationship": "Colleague",
        "motivation": "Sharp",
    }
    values.update(overrides)
    return ReferralData(**values)


def test_it_creates_an_awaiting_referral_and_emails_the_person(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_submit(member=world.member, job=world.job, data=data())
    assert referral.consent == Consent.AWAITING
    assert referral.status == "recommended"
    assert referral.history.count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jane@example.org"]
    assert "Account manager" in message.subject
    assert consent_referral_in(str(message.body), world.acme) == referral
    assert "Acme" in html_of(message)


def test_it_refuses_self_referral(world):
    with pytest.raises(ReferralRefused) as refused:
        referral_submit(member=world.member, job=world.job, data=data(email="Member@acme.test"))
    assert refused.value.code == "self"
    assert not Referral.objects.exists()


def test_the_first_member_keeps_the_person(world):
    other = f.make_member(world.acme)
    referral_submit(member=world.member, job=world.job, data=data())
    with pytest.raises(ReferralRefused) as refused:
        referral_submit(member=other, job=world.job, data=data(email="JANE@example.org "))
    assert refused.value.code == "already_referred"
    with pytest.raises(ReferralRefused) as again:
        referral_submit(member=world.member, job=world.job, data=data())
    assert again.value.code == "already_yours"
    assert Referral.objects.count() == 1


def test_a_person_in_process_elsewhere_is_flagged(world):
    other_job = f.make_job(world.acme, title="Buyer")
    referral_submit(member=world.member, job=world.job, data=data(phone="06 12 34 56 78"))
    second = referral_submit(
        member=world.member,
        job=other_job,
        data=data(
            email="jane.doe@other.org", first_name="Jane", last_name="Doé", phone="+33612345678"
        ),
    )
    assert "Account manager" in second.in_process_note
