"""The network's referral rules (R2): one candidate per member per job, and a hire from the
referrer's own company pays a partner charity; each told before submit."""

from decimal import Decimal

import pytest

from coopt.network.rules import network_settings_save
from coopt.notifications.models import Notification
from coopt.referrals.models import Referral
from coopt.referrals.services import ReferralRefused
from coopt.rewards.models import Choice, Reward
from coopt.rewards.services import reward_choose_payout
from coopt.rewards.services.ledger import RewardError

from .. import factories as f
from ..conftest import World
from ..rewards.helpers import add_charity, hire, set_rule
from .helpers import make_network

pytestmark = pytest.mark.django_db

ONE_PER_JOB = "You have already recommended someone for this job"


def recommendation(email: str) -> dict[str, str]:
    return {
        "first_name": "Jane",
        "last_name": "Roe",
        "email": email,
        "phone": "",
        "relationship": "Former colleague",
        "motivation": "Sharp",
        "language": "en",
    }


def test_a_second_candidate_for_the_same_job_is_refused_in_network_mode(world: World) -> None:
    make_network(world)
    f.refer(referrer=world.member, job=world.job, email="first@example.org")
    with pytest.raises(ReferralRefused) as refused:
        f.refer(referrer=world.member, job=world.job, email="second@example.org", last_name="X")
    assert refused.value.code == "one_per_job"
    # Another job, or another member on this job, is fine.
    f.refer(referrer=world.member, job=f.make_job(world.acme), email="second@example.org")
    f.refer(referrer=world.expert, job=world.job, email="third@example.org", last_name="Y")


def test_the_recommend_page_says_so_before_submit(world: World) -> None:
    make_network(world)
    client = world.client_for(world.member)
    url = f"/jobs/{world.job.pk}/recommend/"
    assert "One candidate per member and per job" in client.get(url).content.decode()
    assert ONE_PER_JOB not in client.get(url).content.decode()
    f.refer(referrer=world.member, job=world.job, email="first@example.org")
    page = client.get(url).content.decode()
    assert ONE_PER_JOB in page
    response = client.post(url, recommendation("second@example.org"))
    assert response.status_code == 200
    assert ONE_PER_JOB in response.content.decode()
    assert Referral.objects.filter(job=world.job).count() == 1


def test_the_rule_is_off_by_default_in_internal_mode_and_a_setting(world: World) -> None:
    f.refer(referrer=world.member, job=world.job, email="first@example.org")
    f.refer(referrer=world.member, job=world.job, email="second@example.org", last_name="X")
    page = world.client_for(world.member).get(f"/jobs/{world.job.pk}/recommend/")
    assert "One candidate per member and per job" not in page.content.decode()
    network_settings_save(tenant=world.acme, sponsorships_per_month=5, one_candidate_per_job=True)
    with pytest.raises(ReferralRefused):
        f.refer(referrer=world.member, job=world.job, email="third@example.org", last_name="Z")
    make_network(world)
    network_settings_save(tenant=world.acme, sponsorships_per_month=5, one_candidate_per_job=False)
    f.refer(referrer=world.member, job=world.job, email="fourth@example.org", last_name="W")


def works_at(member_domain: str, world: World) -> None:
    world.member.employer_name = "Initech"
    world.member.employer_domain = member_domain
    world.member.save(update_fields=["employer_name", "employer_domain"])


def test_a_colleague_of_the_referrer_is_flagged_before_submit(world: World) -> None:
    make_network(world)
    works_at("initech.example", world)
    client = world.client_for(world.member)
    url = f"/jobs/{world.job.pk}/recommend/"
    assert "initech.example" in client.get(url).content.decode()
    first = client.post(url, recommendation("peter@Initech.example"))
    assert first.status_code == 200
    assert "This person seems to work at your own employer" in first.content.decode()
    assert not Referral.objects.filter(job=world.job).exists()
    sent = client.post(
        url, {**recommendation("peter@initech.example"), "own_employer_confirmed": "1"}
    )
    assert sent.status_code == 302
    assert Referral.objects.get(job=world.job).own_employer is True


def test_a_candidate_declared_at_the_referrers_employer_is_flagged_too(world: World) -> None:
    make_network(world)
    works_at("initech.example", world)
    client = world.client_for(world.member)
    url = f"/jobs/{world.job.pk}/recommend/"
    form = {**recommendation("peter@gmail.example"), "current_employer": " INITECH. "}
    first = client.post(url, form)
    assert "This person seems to work at your own employer" in first.content.decode()
    assert client.post(url, {**form, "own_employer_confirmed": "1"}).status_code == 302
    referral = Referral.objects.get(job=world.job)
    assert referral.own_employer is True
    assert referral.current_employer == "INITECH."


def test_an_internal_company_does_not_ask_for_the_candidates_employer(world: World) -> None:
    page = world.client_for(world.member).get(f"/jobs/{world.job.pk}/recommend/")
    assert 'name="current_employer"' not in page.content.decode()


def test_a_hire_from_the_referrers_own_company_pays_the_charity(world: World) -> None:
    make_network(world)
    works_at("initech.example", world)
    charity = add_charity(world.acme, "Restos du Coeur")
    set_rule(world.acme, amount=Decimal("750.00"))
    referral = f.refer(
        referrer=world.member,
        job=world.job,
        email="peter@initech.example",
        status="hired",
        author=world.recruiter.user,
    )
    reward = Reward.objects.get(referral=referral)
    assert reward.own_employer is True
    assert reward.choice == Choice.CHARITY
    assert reward.charity == charity
    assert reward.charity_part == Decimal("750.00")
    assert reward.member_part == Decimal("0")
    assert reward.state == "due"
    assert not reward.can_choose
    with pytest.raises(RewardError):
        reward_choose_payout(reward=reward, member=world.member, choice=Choice.KEEP)
    told = Notification.objects.get(recipient=world.member, subject_ref=f"reward:{reward.pk}")
    assert "your own company" in told.text and "charity" in told.text


def test_someone_from_elsewhere_pays_the_referrer_as_usual(world: World) -> None:
    make_network(world)
    works_at("initech.example", world)
    add_charity(world.acme)
    set_rule(world.acme, amount=Decimal("750.00"))
    reward = Reward.objects.get(referral=hire(world.member, world.job, recruiter=world.recruiter))
    assert reward.own_employer is False
    assert reward.can_choose


def test_the_referral_says_why_it_will_pay_a_charity(world: World) -> None:
    make_network(world)
    works_at("initech.example", world)
    f.refer(referrer=world.member, job=world.job, email="peter@initech.example")
    page = world.client_for(world.member).get("/me/").content.decode()
    assert "This person works at your own company" in page


def test_admins_set_the_network_rules_in_the_back_office(world: World) -> None:
    make_network(world)
    client = world.client_for(world.admin)
    page = client.get("/office/network/charter/").content.decode()
    assert "Network rules" in page
    response = client.post(
        "/office/network/rules/",
        {
            "sponsorships_per_month": "2",
            "one_candidate_per_job": "off",
            "wave_delay_hours": "24",
            "qualification_target_hours": "48",
        },
    )
    assert response.status_code == 302
    f.refer(referrer=world.member, job=world.job, email="first@example.org")
    f.refer(referrer=world.member, job=world.job, email="second@example.org", last_name="X")
    refused = client.post(
        "/office/network/rules/", {"sponsorships_per_month": "-1", "one_candidate_per_job": "on"}
    )
    assert refused.status_code == 200
    assert world.client_for(world.recruiter).post("/office/network/rules/").status_code == 403
