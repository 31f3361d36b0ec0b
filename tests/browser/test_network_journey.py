"""A network from end to end, in Chromium, once in English and once in French: a sponsor
invites someone, who joins and accepts the charter, then recommends a candidate; the
candidate confirms; the operator qualifies and forwards them; the client's recruiter, who
reads a pseudonym and never the referrer's name, moves them to hired; the referrer sees
their bounty by level and the sponsor their sponsor bonus (N1–N6, R2, R6, W1, W4)."""

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.clients.models import ClientCompany
from coopt.clients.services import client_save
from coopt.jobs.models import Job
from coopt.jobs.services import job_update
from coopt.network.charters import charter_publish
from coopt.referrals.models import Referral, Status
from coopt.rewards.models import Reward, RewardRule
from coopt.rewards.services.rules import reward_rule_save
from coopt.tenants.models import Tenant
from tests import factories as f

from .helpers import (
    Lang,
    accept_dialogs,
    desktop_context,
    label,
    link_in,
    mail_to,
    shot,
    sign_in,
    tenant_url,
    tick,
)

pytestmark = [pytest.mark.browser]

PASSWORD = "a long and unusual passphrase"
JOB_TITLE = "Head baker"
SPONSEE = "grace@example.org"
CANDIDATE = "ada.lovelace@example.net"


@dataclass
class Network:
    lang: Lang
    base: str
    tenant: Tenant
    operator: Membership
    sponsor: Membership
    client_recruiter: Membership
    job: Job
    screens: Path

    def shot(self, page: Page, name: str) -> None:
        shot(page, self.screens, name)


@pytest.fixture(params=["en", "fr"])
def network(
    request: pytest.FixtureRequest, live_server: LiveServer, link_port: str, screens: Path
) -> Network:
    lang = Lang(request.param)
    tenant = f.make_tenant("reseau", "Réseau", mode=Tenant.Mode.NETWORK)
    Tenant.objects.filter(pk=tenant.pk).update(default_language=lang.code)
    tenant.refresh_from_db()
    for name, kind in (("Lyon", "location"), ("Bakery", "family"), ("Food", "sector")):
        f.make_tag(tenant, name, kind)
    operator = f.make_member(tenant, email="staff@reseau.test", is_admin=True)
    sponsor = f.make_member(tenant, email="sponsor@reseau.test")
    charter_publish(
        tenant=tenant,
        kind="charter",
        texts={
            "en": "One candidate per job: the one you think best.",
            "fr": "Un seul candidat par annonce : celui que vous estimez le meilleur.",
        },
        actor=Actor.member(operator),
    )
    reward_rule_save(
        rule=RewardRule(
            kind="cash",
            currency="EUR",
            amount=Decimal("500"),
            amount_beginner=Decimal("500"),
            amount_confirmed=Decimal("750"),
            amount_expert=Decimal("1000"),
        ),
        tenant=tenant,
        author=operator.user,
    )
    bakery: ClientCompany = client_save(tenant=tenant, actor=Actor.system("test"), name="Fournil")
    client_recruiter = f.make_member(
        tenant, email="rh@fournil.test", is_member=False, is_recruiter=True, client=bakery
    )
    job = f.make_job(tenant, author=operator.user, title=JOB_TITLE, client=bakery)
    job_update(job=job, call_script="Ask about early shifts.")
    for member in (operator, sponsor, client_recruiter):
        member.user.language = lang.code
        member.user.save(update_fields=["language"])
    return Network(
        lang=lang,
        base=tenant_url(live_server, "reseau"),
        tenant=tenant,
        operator=operator,
        sponsor=sponsor,
        client_recruiter=client_recruiter,
        job=job,
        screens=screens,
    )


def test_sponsor_sponsee_candidate_operator_client_and_bounties(
    browser: Browser, network: Network
) -> None:
    lang = network.lang
    context = desktop_context(browser, locale=lang.locale)
    page = context.new_page()
    sponsor_invites(page, network)
    context.clear_cookies()
    sponsee_joins_and_recommends(page, network)
    context.clear_cookies()
    candidate_confirms(page, network)
    operator_forwards(page, network)
    context.clear_cookies()
    client_hires(page, network)
    context.clear_cookies()
    bounties_are_shown(page, network)
    context.close()
    if lang.skipped_words:
        pytest.skip(lang.skip_message())


def sponsor_invites(page: Page, network: Network) -> None:
    lang, t = network.lang, network.lang.t
    sign_in(page, network.base, network.sponsor.user.email)
    lang.assert_lang(page)
    page.get_by_role("link", name=t("Sponsor someone")).first.click()
    page.get_by_label(label(t("Their first name"))).fill("Grace")
    page.get_by_label(label(t("Their e-mail"))).fill(SPONSEE)
    page.get_by_label(label(t("Language of the invitation"))).select_option(lang.code)
    page.get_by_role("button", name=t("Send the invitation")).click()
    expect(page.locator(".message.success")).to_be_visible()
    network.shot(page, "1-sponsor-invites")


def sponsee_joins_and_recommends(page: Page, network: Network) -> None:
    lang, t = network.lang, network.lang.t
    [message] = mail_to(SPONSEE)
    page.goto(link_in(message, r"/join/[\w-]+/"))
    lang.assert_lang(page)
    charter = {"en": "One candidate per job", "fr": "Un seul candidat par annonce"}
    expect(page.locator("main")).to_contain_text(charter[lang.code])
    page.get_by_label(label(t("Last name"))).fill("Brewster")
    page.get_by_label(label(t("Your current employer"))).fill("Navy")
    page.get_by_label(label(t("Choose a password"))).fill(PASSWORD)
    page.get_by_label(label(t("Repeat the password"))).fill(PASSWORD)
    page.get_by_label(t("I have read and accept the ethics charter and the terms above")).check()
    page.get_by_role("button", name=t("Join")).click()
    expect(page).to_have_url(network.base + "/welcome/")
    for name in ("Lyon", "Bakery", "Food"):
        tick(page, name)
    page.get_by_role("button", name=t("Save")).click()
    expect(page).to_have_url(network.base + "/jobs/")
    network.shot(page, "2-sponsee-joined")

    page.goto(f"{network.base}/jobs/{network.job.pk}/recommend/")
    page.get_by_label(label(t("First name"))).fill("Ada")
    page.get_by_label(label(t("Last name"))).fill("Lovelace")
    page.get_by_label(label(t("E-mail"))).fill(CANDIDATE)
    page.get_by_label(label(t("Phone"))).fill("+33 6 39 98 12 34")
    page.get_by_label(label(t("How do you know them?"))).fill("Former colleague")
    page.get_by_label(label(t("Why do they fit?"))).fill("Twenty years at the oven")
    page.get_by_label(label(t("Their language"))).select_option(network.lang.code)
    page.get_by_role("button", name=t("Send my recommendation")).click()
    expect(page).to_have_url(network.base + "/me/")
    grace = Membership.objects.get(user__email=SPONSEE)
    assert grace.sponsor == network.sponsor


def candidate_confirms(page: Page, network: Network) -> None:
    t = network.lang.t
    [request] = mail_to(CANDIDATE)
    page.goto(link_in(request, r"/c/[\w-]+/"))
    page.get_by_role("button", name=t("Yes, I am interested")).click()
    expect(page.locator(".message.success")).to_be_visible()


def operator_forwards(page: Page, network: Network) -> None:
    lang, t = network.lang, network.lang.t
    sign_in(page, network.base, network.operator.user.email, totp=True)
    page.goto(network.base + "/office/")
    page.locator(".office-nav").get_by_role("link", name=t("Qualification")).click()
    # "Qualification" is the same word in French: the page's language is checked instead.
    expect(page.locator("h1")).to_have_text(t("Qualification"))
    lang.assert_lang(page)
    page.get_by_test_id("queue-row").get_by_role("link", name="Ada Lovelace").click()
    panel = page.get_by_test_id("qualification")
    expect(panel.get_by_test_id("call")).to_have_attribute("href", "tel:+33 6 39 98 12 34")
    expect(panel.get_by_test_id("call-script")).to_contain_text("Ask about early shifts.")
    panel.get_by_label(label(t("Summary for the client"))).fill("Runs an oven like a clock.")
    dialogs = accept_dialogs(page)
    panel.get_by_role("button", name=t("Forward to the client")).click()
    expect(page).to_have_url(network.base + "/office/qualification/")
    assert dialogs, "forwarding asks for confirmation"
    network.shot(page, "3-operator-forwarded")
    assert Referral.objects.get(email=CANDIDATE).forwarded_at is not None


def client_hires(page: Page, network: Network) -> None:
    lang, t = network.lang, network.lang.t
    sign_in(page, network.base, network.client_recruiter.user.email, totp=True)
    page.goto(f"{network.base}/office/jobs/{network.job.pk}/pipeline/")
    page.get_by_test_id("column-recommended").get_by_role("link", name="Ada Lovelace").click()
    referrer = page.get_by_test_id("referrer")
    pseudonym = t("Referrer #%(number)s") % {
        "number": Membership.objects.get(user__email=SPONSEE).referrer_number
    }
    expect(referrer).to_contain_text(pseudonym)
    expect(page.locator("main")).not_to_contain_text("Grace")
    expect(page.locator("main")).not_to_contain_text(SPONSEE)
    expect(page.get_by_test_id("summary")).to_contain_text("Runs an oven like a clock.")
    for status in (Status.CONTACTED, Status.MET, Status.HIRED):
        page.get_by_label(label(t("New status"))).select_option(status.value)
        page.get_by_role("button", name=t("Save the status")).click()
        expect(page.get_by_test_id("status")).to_have_class(f"status status-{status.value}")
    lang.see(page.get_by_test_id("status"), "Hired")
    network.shot(page, "4-client-hired")


def bounties_are_shown(page: Page, network: Network) -> None:
    sign_in(page, network.base, SPONSEE, password=PASSWORD)
    page.goto(network.base + "/rewards/")
    network.lang.assert_lang(page)
    amount = {"en": re.compile(r"500\.00|500"), "fr": re.compile(r"500,00|500")}
    expect(page.locator("main")).to_contain_text(amount[network.lang.code])
    network.shot(page, "5-referrer-bounty")
    reward = Reward.objects.get(member__user__email=SPONSEE)
    assert reward.amount == Decimal("500.00")
    assert reward.level == "beginner"
    # The sponsor's bonus for their sponsee's first hire, naming Grace by first name only.
    page.context.clear_cookies()
    sign_in(page, network.base, network.sponsor.user.email)
    page.goto(network.base + "/rewards/")
    bonus = {"en": re.compile(r"250\.00|250"), "fr": re.compile(r"250,00|250")}
    expect(page.locator("main")).to_contain_text(bonus[network.lang.code])
    expect(page.locator("main")).to_contain_text("Grace")
    expect(page.locator("main")).not_to_contain_text("Brewster")
    network.shot(page, "6-sponsor-bonus")
    bonus_reward = Reward.objects.get(member=network.sponsor)
    assert bonus_reward.amount == Decimal("250.00")
    assert bonus_reward.sponsee is not None and bonus_reward.sponsee.user.email == SPONSEE
