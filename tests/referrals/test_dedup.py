"""Recognising the same person: e-mail, phone, fuzzy name (R2)."""

import pytest

from coopt.referrals.dedup import email_key, name_key, phone_key, similar_names
from coopt.referrals.services import ReferralData, ReferralRefused, referral_submit

from .. import factories as f

pytestmark = pytest.mark.django_db


def data(**overrides: str) -> ReferralData:
    values = {
        "first_name": "John",
        "last_name": "Smith",
        "email": "john@example.org",
        "relationship": "Colleague",
        "motivation": "Sharp",
    }
    values.update(overrides)
    return ReferralData(**values)


def test_email_keys_ignore_case_spaces_and_plus_tags():
    assert email_key(" John.Smith+jobs@Example.ORG ") == "john.smith@example.org"


def test_phone_keys_are_e164_whatever_the_writing():
    assert phone_key("06 12 34 56 78") == phone_key("+33 6 12 34 56 78") == "+33612345678"
    assert phone_key("0033 612-345-678") == "+33612345678"
    assert phone_key("") == ""
    assert phone_key("not a phone") == ""


def test_name_keys_drop_accents_and_case():
    assert name_key("Jöhn", "SMITH") == "john smith"
    assert similar_names(name_key("Jöhn", "Smith"), name_key("John", "Smith"))
    assert similar_names(name_key("Smith", "John"), name_key("John", "Smith"))
    assert not similar_names(name_key("Jane", "Smith"), name_key("John", "Smythe"))


def test_the_same_phone_on_the_same_job_is_refused(world):
    referral_submit(member=world.member, job=world.job, data=data(phone="06 12 34 56 78"))
    other = f.make_member(world.acme)
    with pytest.raises(ReferralRefused) as refused:
        referral_submit(
            member=other,
            job=world.job,
            data=data(email="js@other.org", phone="+33612345678"),
        )
    assert refused.value.code == "already_referred"


def test_a_similar_name_on_another_job_is_flagged_not_refused(world):
    other_job = f.make_job(world.acme, title="Buyer")
    referral_submit(member=world.member, job=world.job, data=data())
    second = referral_submit(
        member=world.expert,
        job=other_job,
        data=data(first_name="Jöhn", email="j.smith@other.org"),
    )
    assert second.in_process_note == "Account manager"


def test_an_accent_in_the_last_name_is_still_the_same_person(world):
    other_job = f.make_job(world.acme, title="Buyer")
    referral_submit(member=world.member, job=world.job, data=data(last_name="Müller"))
    second = referral_submit(
        member=world.expert,
        job=other_job,
        data=data(last_name="Muller", email="jm@other.org"),
    )
    assert second.in_process_note == "Account manager"
    third_job = f.make_job(world.acme, title="Driver")
    third = referral_submit(
        member=world.expert,
        job=third_job,
        data=data(last_name="MÜLLER", email="jm3@other.org"),
    )
    assert "Account manager" in third.in_process_note
    assert "Buyer" in third.in_process_note


def test_a_different_person_is_not_flagged(world):
    other_job = f.make_job(world.acme, title="Buyer")
    referral_submit(member=world.member, job=world.job, data=data())
    second = referral_submit(
        member=world.member,
        job=other_job,
        data=data(first_name="Maria", last_name="Garcia", email="maria@example.org"),
    )
    assert second.in_process_note == ""


def test_people_of_another_tenant_are_never_matched(world):
    referral_submit(member=world.outsider_member, job=world.globex_job, data=data())
    referral = referral_submit(member=world.member, job=world.job, data=data())
    assert referral.in_process_note == ""


def test_a_person_whose_data_was_erased_is_not_matched(world):
    from coopt.referrals.services import consent_decline

    other_job = f.make_job(world.acme, title="Buyer")
    first = referral_submit(member=world.member, job=world.job, data=data())
    consent_decline(referral=first)
    second = referral_submit(member=world.member, job=other_job, data=data())
    assert second.in_process_note == ""
