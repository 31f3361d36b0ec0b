"""The whole referral journey in a real browser, in English and in French.

A recruiter publishes a job in the back office; a member recommends someone
from a phone; the referred person confirms from the e-mail link; the recruiter
moves them to "Hired"; the member sees it on /me/.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from coopt.accounts.models import Membership
from coopt.jobs.models import Job
from coopt.referrals.models import Consent, Referral, Status
from coopt.tenants.models import Tenant
from tests import factories as f

from .helpers import (
    Lang,
    accept_dialogs,
    assert_fits_width,
    desktop_context,
    label,
    link_in,
    mail_to,
    pdf_upload,
    phone_context,
    shot,
    sign_in,
    tenant_url,
)

pytestmark = [pytest.mark.browser]

JOB_TITLE = "Warehouse team lead"
CANDIDATE = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "camille.martin@example.org",
    "phone": "+33 6 12 34 56 78",
    "relationship": "We worked together at Logisti",
    "motivation": "She ran a team of twelve and cut delivery delays by half.",
}


@dataclass
class Journey:
    lang: Lang
    base: str
    tenant: Tenant
    recruiter: Membership
    member: Membership
    screens: Path

    def shot(self, page: Page, name: str) -> None:
        shot(page, self.screens, name)


@pytest.fixture(params=["en", "fr"])
def journey(
    request: pytest.FixtureRequest, live_server: LiveServer, link_port: str, screens: Path
) -> Journey:
    lang = Lang(request.param)
    tenant = f.make_tenant("acme", "Acme")
    f.make_tag(tenant, "Lyon")
    f.make_tag(tenant, "Logistics", kind="family")
    recruiter = f.make_member(tenant, email="rita.recruiter@acme.test", is_recruiter=True)
    member = f.make_member(tenant, email="max.member@acme.test")
    if lang.is_french:
        # The recruiter's own language is French (M4); the member switches in the header.
        recruiter.user.language = "fr"
        recruiter.user.save(update_fields=["language"])
    return Journey(
        lang=lang,
        base=tenant_url(live_server),
        tenant=tenant,
        recruiter=recruiter,
        member=member,
        screens=screens,
    )


def test_a_referral_goes_from_a_phone_to_hired(browser: Browser, journey: Journey) -> None:
    lang = journey.lang
    office = desktop_context(browser, locale=lang.locale)
    recruiter_page = office.new_page()
    phone = phone_context(browser, locale=lang.locale)
    member_page = phone.new_page()

    job = recruiter_publishes_a_job(recruiter_page, journey)
    referral = member_recommends_someone(member_page, journey, job)
    recruiter_sees_no_name_before_consent(recruiter_page, journey, job)
    referred_person_confirms(browser, journey, referral)
    recruiter_hires_the_candidate(recruiter_page, journey, job)

    # 5. The member reloads /me/ and sees "Hired".
    member_page.reload()
    card = member_page.get_by_test_id("referral").filter(has_text="Camille Martin")
    expect(card.get_by_test_id("status")).to_have_class("status status-hired")
    lang.see(card.get_by_test_id("status"), "Hired")
    lang.see(card.get_by_test_id("consent"), "Confirmed")
    lang.assert_lang(member_page)
    assert_fits_width(member_page)
    journey.shot(member_page, "8-member-sees-hired")
    assert Referral.objects.get(pk=referral.pk).status == Status.HIRED

    office.close()
    phone.close()
    if lang.skipped_words:
        pytest.skip(lang.skip_message())


def recruiter_publishes_a_job(page: Page, journey: Journey) -> Job:
    """1. Sign-in with TOTP, a draft from the back office form, then Publish."""
    lang, t = journey.lang, journey.lang.t
    sign_in(page, journey.base, journey.recruiter.user.email, totp=True)
    expect(page).to_have_url(journey.base + "/office/")
    lang.assert_lang(page)

    page.get_by_role("link", name=t("New job")).first.click()
    page.get_by_label(label(t("Title"))).fill(JOB_TITLE)
    page.get_by_role("textbox", name=label(t("Description"))).fill(
        "Lead the night shift of our Lyon warehouse."
    )
    page.get_by_label(label("Lyon")).check()
    page.get_by_label(label(t("Job family"))).select_option(label="Logistics")
    journey.shot(page, "1-recruiter-new-job")
    page.get_by_role("button", name=t("Save as draft")).click()
    expect(page.locator(".message.success")).to_contain_text(
        t("Draft saved. Publish it when it is ready.")
    )

    dialogs = accept_dialogs(page)
    page.get_by_role("button", name=t("Publish"), exact=True).click()
    expect(page.locator(".message.success")).to_contain_text(JOB_TITLE)
    assert dialogs and JOB_TITLE in dialogs[0], "publishing asks for a confirmation first"
    job = Job.objects.get(tenant=journey.tenant, title=JOB_TITLE)
    assert job.status == Job.Status.PUBLISHED
    lang.see(page.locator("h1"), "Published")
    journey.shot(page, "2-recruiter-published")
    return job


def member_recommends_someone(page: Page, journey: Journey, job: Job) -> Referral:
    """2. On a phone: sign in, the board, the job, "Recommend someone", the form."""
    lang, t = journey.lang, journey.lang.t
    sign_in(page, journey.base, journey.member.user.email)
    expect(page).to_have_url(journey.base + "/jobs/")
    if lang.is_french:
        with page.expect_navigation():
            page.locator("#language-select").select_option("fr")
        journey.member.user.refresh_from_db()
        assert journey.member.user.language == "fr", "the header selector saves the language"
    lang.assert_lang(page)
    assert_fits_width(page)
    journey.shot(page, "3-member-job-board")

    page.get_by_role("link", name=JOB_TITLE).tap()
    expect(page).to_have_url(f"{journey.base}/jobs/{job.pk}/")
    recommend = page.get_by_role("link", name=t("Recommend someone"))
    lang.see(recommend, "Recommend someone")
    recommend.tap()

    expect(page).to_have_url(f"{journey.base}/jobs/{job.pk}/recommend/")
    page.get_by_label(label(t("First name"))).fill(CANDIDATE["first_name"])
    page.get_by_label(label(t("Last name"))).fill(CANDIDATE["last_name"])
    page.get_by_label(label(t("E-mail"))).fill(CANDIDATE["email"])
    page.get_by_label(label(t("Phone"))).fill(CANDIDATE["phone"])
    page.get_by_label(t("CV (PDF, Word or OpenDocument, 10 MB at most)")).set_input_files(
        pdf_upload("camille-martin.pdf")
    )
    page.get_by_label(label(t("How do you know them?"))).fill(CANDIDATE["relationship"])
    page.get_by_label(label(t("Why do they fit?"))).fill(CANDIDATE["motivation"])
    page.get_by_label(label(t("Their language"))).select_option(lang.code)
    assert_fits_width(page)
    journey.shot(page, "4-member-recommend-form")
    page.get_by_role("button", name=t("Send my recommendation")).tap()

    expect(page).to_have_url(journey.base + "/me/")
    thanks = t("Thank you! %(name)s will receive an e-mail to confirm their interest.")
    expect(page.locator(".message.success")).to_contain_text(thanks % {"name": "Camille"})
    lang.see(page.locator("h1"), "My referrals")
    card = page.get_by_test_id("referral").filter(has_text="Camille Martin")
    expect(card.get_by_test_id("consent")).to_have_class("status consent-awaiting")
    lang.see(card.get_by_test_id("consent"), "Awaiting confirmation")
    lang.see(card.get_by_test_id("status"), "Recommended")
    lang.assert_lang(page)
    assert_fits_width(page)
    journey.shot(page, "5-member-awaiting")

    referral = Referral.objects.get(job=job, email=CANDIDATE["email"])
    assert referral.referrer == journey.member
    assert referral.language == lang.code
    assert [d.original_name for d in referral.documents.all()] == ["camille-martin.pdf"]
    return referral


def recruiter_sees_no_name_before_consent(page: Page, journey: Journey, job: Job) -> None:
    """Until the person confirms, the pipeline shows an anonymous card (R3)."""
    page.goto(f"{journey.base}/office/jobs/{job.pk}/pipeline/")
    expect(page.get_by_test_id("awaiting-card")).to_have_count(1)
    expect(page.get_by_test_id("board")).not_to_contain_text("Camille")
    expect(page.get_by_test_id("board")).not_to_contain_text(CANDIDATE["email"])


def referred_person_confirms(browser: Browser, journey: Journey, referral: Referral) -> None:
    """3. From the e-mail, in a fresh browser: who referred them, their data, "Yes"."""
    lang, t = journey.lang, journey.lang.t
    messages = mail_to(CANDIDATE["email"])
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    link = link_in(messages[0], r"/c/[\w-]+/")
    assert link.startswith(journey.base), f"the e-mail links to the tenant's host: {link}"

    context = phone_context(browser, locale=lang.locale)
    page = context.new_page()
    page.goto(link)
    lang.assert_lang(page)
    expect(page.locator("h1")).to_contain_text(JOB_TITLE)
    member_name = journey.member.display_name
    expect(page.locator("main")).to_contain_text(member_name)
    for value in (
        "Camille Martin",
        CANDIDATE["email"],
        CANDIDATE["phone"],
        CANDIDATE["relationship"],
        CANDIDATE["motivation"],
        "camille-martin.pdf",
    ):
        expect(page.locator("main")).to_contain_text(value)
    assert_fits_width(page)
    journey.shot(page, "6-consent-page")
    yes = page.get_by_role("button", name=t("Yes, I am interested"))
    lang.see(yes, "Yes, I am interested")
    yes.tap()
    # The page stays their self-service page: a thank-you, no more "Yes" button.
    lang.see(
        page.locator(".message.success"),
        "Thank you! Your interest is confirmed. A recruiter will contact you soon.",
    )
    expect(page.get_by_role("button", name=t("Yes, I am interested"))).to_have_count(0)
    journey.shot(page, "6b-consent-confirmed")
    assert Referral.objects.get(pk=referral.pk).consent == Consent.CONFIRMED
    context.close()


def recruiter_hires_the_candidate(page: Page, journey: Journey, job: Job) -> None:
    """4. The job's pipeline, the candidate, then contacted → met → hired."""
    lang, t = journey.lang, journey.lang.t
    page.locator(".office-nav").get_by_role("link", name=t("Jobs"), exact=True).click()
    page.get_by_test_id("job-row").filter(has_text=JOB_TITLE).get_by_role(
        "link", name=JOB_TITLE
    ).click()
    expect(page).to_have_url(f"{journey.base}/office/jobs/{job.pk}/pipeline/")
    column = page.get_by_test_id("column-recommended")
    column.get_by_role("link", name="Camille Martin").click()

    expect(page.locator("h1")).to_contain_text("Camille Martin")
    expect(page.get_by_test_id("referrer")).to_have_text(journey.member.display_name)
    expect(page.get_by_test_id("documents")).to_contain_text("camille-martin.pdf")
    for status in (Status.CONTACTED, Status.MET, Status.HIRED):
        page.get_by_label(label(t("New status"))).select_option(status.value)
        page.get_by_role("button", name=t("Save the status")).click()
        expect(page.get_by_test_id("status")).to_have_class(f"status status-{status.value}")
        expect(page.locator(".message.success")).to_contain_text("Camille Martin")
    lang.see(page.get_by_test_id("status"), "Hired")
    lang.assert_lang(page)
    journey.shot(page, "7-recruiter-hired")
    assert len(mail_to(CANDIDATE["email"])) == 4, "consent request, then contacted, met, hired"
    assert len(mail_to(journey.member.user.email)) >= 3, "the referrer hears of each step"
