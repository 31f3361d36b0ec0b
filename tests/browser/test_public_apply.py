"""The public job page and its apply form, on a phone (J5)."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from coopt.referrals.models import Referral, Source
from tests import factories as f

from .helpers import (
    assert_fits_width,
    label,
    mail_to,
    pdf_upload,
    phone_context,
    shot,
    tenant_url,
)

pytestmark = [pytest.mark.browser]


def test_an_outside_candidate_applies_from_the_public_job_page_on_a_phone(
    browser: Browser,
    live_server: LiveServer,
    screens: Path,
) -> None:
    acme = f.make_tenant("acme", "Acme")
    job = f.make_job(acme, title="Night shift supervisor", locations=[f.make_tag(acme, "Lyon")])
    context = phone_context(browser)
    page = context.new_page()

    page.goto(f"{tenant_url(live_server)}/p/jobs/{job.pk}/")
    expect(page.locator("h1")).to_have_text("Night shift supervisor")
    expect(page.locator("header nav")).not_to_contain_text("My referrals")
    assert_fits_width(page)
    shot(page, screens, "1-public-job")

    page.get_by_label(label("First name")).fill("Noah")
    page.get_by_label(label("Last name")).fill("Bernard")
    page.get_by_label(label("E-mail")).fill("noah.bernard@example.org")
    page.get_by_label(label("Phone")).fill("+33 7 11 22 33 44")
    page.get_by_label(label("Your message to the recruiter")).fill("Five years of night shifts.")
    page.get_by_label("CV (PDF").set_input_files(pdf_upload("noah.pdf"))

    # Without the data-processing consent: a clear error, and nothing typed is lost.
    page.get_by_role("button", name="Send my application").tap()
    expect(page.locator(".has-error .error")).to_be_visible()
    expect(page.get_by_label(label("E-mail"))).to_have_value("noah.bernard@example.org")
    expect(page.get_by_label(label("Your message to the recruiter"))).to_have_value(
        "Five years of night shifts."
    )
    assert not Referral.objects.exists()
    assert_fits_width(page)
    shot(page, screens, "2-public-apply-error")

    page.get_by_label("CV (PDF").set_input_files(pdf_upload("noah.pdf"))
    page.get_by_label("I agree that my application data is processed").check()
    page.get_by_role("button", name="Send my application").tap()

    expect(page.locator("h1")).to_have_text("Thank you")
    expect(page.locator("main")).to_contain_text("Night shift supervisor")
    assert_fits_width(page)
    shot(page, screens, "3-public-applied")

    application = Referral.objects.get(job=job)
    assert application.source == Source.APPLICATION
    assert application.referrer is None
    assert (application.first_name, application.email) == ("Noah", "noah.bernard@example.org")
    assert [d.original_name for d in application.documents.all()] == ["noah.pdf"]
    assert len(mail_to("noah.bernard@example.org")) == 1, "the candidate gets a confirmation"
    context.close()
