"""Every e-mail to a candidate carries a working link to their data page (Y3)."""

from urllib.parse import urlsplit

import pytest
from django.core import mail

from coopt.notifications.models import EmailTemplate, OutboundEmail
from coopt.referrals.models import Status
from coopt.referrals.services import application_submit, referral_set_status
from coopt.referrals.services.submit import ApplicationData

from ..conftest import World
from ..emails import html_of
from .requests_helpers import JANE, anonymous, privacy_links_in, refer_jane, sent_to

pytestmark = pytest.mark.django_db


def assert_link_works(world: World, message: OutboundEmail) -> None:
    """The text and HTML parts both carry the link, and it opens Jane's page on her tenant."""
    links = privacy_links_in(message.body_text)
    assert len(links) == 1, message.body_text
    assert "See, download, correct or erase your data:" in message.body_text
    assert f'href="{links[0]}"' in message.body_html
    url = urlsplit(links[0])
    assert url.netloc == "acme.localhost"
    response = anonymous(world.acme).get(url.path)
    assert response.status_code == 200
    assert 'data-testid="held-referral"' in response.content.decode()


def test_the_consent_request_carries_the_link(world):
    refer_jane(world, confirmed=False)
    assert_link_works(world, OutboundEmail.objects.get(template="consent-request"))


def test_the_application_acknowledgement_carries_the_link(world):
    application_submit(
        job=world.job,
        data=ApplicationData(first_name="Jane", last_name="Doe", email=JANE),
    )
    message = OutboundEmail.objects.get(template="application-received")
    assert_link_works(world, message)
    assert "/c/" in message.body_text  # the page to add a CV or withdraw stays


@pytest.mark.parametrize(
    "statuses",
    [
        [Status.CONTACTED],
        [Status.CONTACTED, Status.MET],
        [Status.HIRED],
        [Status.NOT_RETAINED],
    ],
)
def test_every_status_email_to_the_candidate_carries_the_link(world, statuses):
    referral = refer_jane(world)
    for status in statuses:
        referral_set_status(referral=referral, status=status, author=world.recruiter.user)
    messages = OutboundEmail.objects.filter(template="candidate-status").order_by("pk")
    assert messages.count() == len(statuses)
    for message in messages:
        assert_link_works(world, message)


def test_the_link_follows_the_tenants_own_wording_which_cannot_remove_it(world):
    EmailTemplate.objects.create(
        tenant=world.acme,
        key="candidate-status",
        status=Status.CONTACTED,
        language="en",
        subject="News from {{ company }}",
        body="Hi {{ candidate_first_name }}, we will call you.\n\n",
    )
    referral = refer_jane(world)
    referral_set_status(referral=referral, status=Status.CONTACTED, author=world.recruiter.user)
    message = OutboundEmail.objects.get(template="candidate-status")
    assert message.body_text.startswith("Hi Jane, we will call you.\n\nSee, download")
    assert_link_works(world, message)


def test_the_referrer_never_gets_the_candidates_link(world):
    referral = refer_jane(world)
    referral_set_status(referral=referral, status=Status.MET, author=world.recruiter.user)
    to_referrer = OutboundEmail.objects.get(template="referrer-status")
    assert to_referrer.to_email == world.member.user.email
    assert not privacy_links_in(to_referrer.body_text)
    assert "/privacy/" not in to_referrer.body_html


def test_the_delivered_messages_carry_the_link(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer_jane(world)
    with django_capture_on_commit_callbacks(execute=True):
        referral_set_status(referral=referral, status=Status.CONTACTED, author=world.recruiter.user)
    delivered = sent_to(JANE)
    assert len(delivered) == 2
    for message in delivered:
        [link] = privacy_links_in(str(message.body))
        html = html_of(message)
        assert link in html
        assert anonymous(world.acme).get(urlsplit(link).path).status_code == 200


def test_the_link_belongs_to_the_candidates_tenant(world):
    refer_jane(world, job=world.globex_job, member=world.outsider_member, confirmed=False)
    message = OutboundEmail.objects.get(template="consent-request")
    [link] = privacy_links_in(message.body_text)
    url = urlsplit(link)
    assert url.netloc == "globex.localhost"
    assert anonymous(world.globex).get(url.path).status_code == 200
    assert anonymous(world.acme).get(url.path).status_code == 404
