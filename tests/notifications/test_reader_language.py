"""Which language we write to someone in (L1): the one they chose, else their company's."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.notifications.language import reader_language
from coopt.notifications.messages import Deferred
from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import notification_create_translated
from coopt.referrals.models import Referral
from coopt.referrals.services import ReferralData, referral_submit
from coopt.tenants.models import Tenant

from ..conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_company(world: World) -> Tenant:
    world.acme.default_language = "de"
    world.acme.save(update_fields=["default_language"])
    return world.acme


def speaks(member: Membership, language: str) -> Membership:
    member.user.language = language
    member.user.save(update_fields=["language"])
    return Membership.objects.select_related("user").get(pk=member.pk)


def test_a_member_with_a_language_is_written_to_in_theirs(world, german_company):
    member = speaks(world.member, "fr")
    assert reader_language(member.user.language, member) == "fr"


def test_a_member_without_one_is_written_to_in_their_company_s(world, german_company):
    member = speaks(world.member, "")
    assert reader_language(member.user.language, member) == "de"
    assert reader_language(member.user.language, german_company) == "de"


def test_the_company_is_not_read_when_the_member_chose(world, german_company):
    member = speaks(world.member, "fr")
    assert reader_language(member.user.language, member) == "fr"
    assert not Membership.tenant.is_cached(member)


def test_nothing_chosen_and_no_company_is_english():
    assert reader_language("", None) == "en"
    assert reader_language(None, None) == "en"


def test_a_notification_is_written_in_the_member_s_language(world, german_company):
    message = Deferred(_("Your data is corrected."))
    in_french = notification_create_translated(
        recipient=speaks(world.member, "fr"), message=message
    )
    in_german = notification_create_translated(recipient=speaks(world.expert, ""), message=message)
    with translation.override("fr"):
        assert in_french.text == str(message) == "Vos données ont été rectifiées."
    with translation.override("de"):
        assert in_german.text == str(message) == "Ihre Daten wurden berichtigt."


def refer(world: World, email: str, language: str = "") -> Referral:
    return referral_submit(
        member=world.member,
        job=world.job,
        data=ReferralData(first_name="Jane", last_name="Doe", email=email, language=language),
    )


def test_a_candidate_is_written_to_in_the_language_chosen_for_them(world, german_company):
    referral = refer(world, "jane@example.org", language="it")
    assert referral.language == "it"
    assert OutboundEmail.objects.get(to_email="jane@example.org").language == "it"


def test_a_candidate_nobody_chose_a_language_for_is_written_to_in_the_company_s(
    world, german_company
):
    referral = refer(world, "john@example.org")
    assert referral.language == "de"
    assert OutboundEmail.objects.get(to_email="john@example.org").language == "de"
