"""A referral made in the browser reaches the referred person over real SMTP, and
the link in that e-mail works: confirming tells the referrer in the app (R1, R3)."""

import re
from email.utils import getaddresses
from urllib.parse import urlsplit

from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from coopt.notifications.models import Notification, OutboundEmail
from coopt.referrals.models import Consent, Referral

from ..conftest import World
from ..emails import consent_referral_in, consent_tokens_in
from .smtp import SMTPSink, text_and_html

FORM = {
    "first_name": "Jane",
    "last_name": "Doe",
    "email": "jane.doe@example.org",
    "phone": "",
    "relationship": "Former colleague",
    "motivation": "She closed our biggest account.",
    "language": "en",
}


def submit_referral(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> Referral:
    client = world.client_for(world.member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/jobs/{world.job.pk}/recommend/", FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert callbacks, "the e-mail must be handed to delivery once the referral is committed"
    return Referral.objects.get(job=world.job, email="jane.doe@example.org")


def test_the_consent_email_arrives_over_smtp_and_its_link_confirms(
    world: World,
    mail_over_smtp: SMTPSink,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    referral = submit_referral(world, django_capture_on_commit_callbacks)

    [message] = mail_over_smtp.wait_for(1, timeout=10)
    outbound = OutboundEmail.objects.get(subject_ref=f"referral:{referral.pk}")
    assert outbound.status == OutboundEmail.Status.SENT
    assert mail_over_smtp.received[0].rcpt_tos == ["jane.doe@example.org"]
    assert message.get_content_type() == "multipart/alternative"
    [(sender_name, _sender_address)] = getaddresses([str(message["From"])])
    assert sender_name == "Acme"
    assert message["Message-ID"] == outbound.message_id
    assert "Account manager" in str(message["Subject"])
    text, html = text_and_html(message)
    [token] = set(consent_tokens_in(text))  # one link, given twice (confirm, decline)
    assert consent_referral_in(text, referral.tenant) == referral
    link = f"http://acme.localhost/c/{token}/"
    assert link in text
    assert f'href="{link}"' in html
    assert "Acme" in html and "#123456" in html  # the tenant's brand

    # The referred person follows the link: no account, only the link.
    found = re.search(r"http://\S+/c/\S+/", text)
    assert found is not None
    url = urlsplit(found.group(0))
    person = Client(HTTP_HOST=url.netloc)
    page = person.get(url.path)
    assert page.status_code == 200
    assert "Jane Doe" in page.content.decode()
    done = person.post(url.path, {"answer": "confirm"}, follow=True)
    assert done.status_code == 200
    assert "Your interest is confirmed" in done.content.decode()

    referral.refresh_from_db()
    assert referral.consent == Consent.CONFIRMED
    assert referral.consent_answered_at is not None
    notification = Notification.objects.get(
        recipient=world.member, subject_ref=f"referral:{referral.pk}"
    )
    assert "Jane" in notification.text and "Account manager" in notification.text
    assert notification.read_at is None
    # The confirmation, and the badges it earned (gamification), are unread.
    unread = Notification.objects.filter(recipient=world.member, read_at__isnull=True).count()
    assert (
        f'data-testid="unread-count">{unread}<'
        in world.client_for(world.member).get("/me/").content.decode()
    )


def test_the_link_of_one_tenant_does_not_work_on_another(
    world: World,
    mail_over_smtp: SMTPSink,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    referral = submit_referral(world, django_capture_on_commit_callbacks)
    [message] = mail_over_smtp.wait_for(1, timeout=10)
    text, _html = text_and_html(message)
    link = re.search(r"http://\S+/c/\S+/", text)
    assert link is not None
    path = urlsplit(link.group(0)).path

    other = Client(HTTP_HOST="globex.localhost")
    assert other.get(path).status_code == 404
    assert other.post(path, {"answer": "confirm"}).status_code == 404
    referral.refresh_from_db()
    assert referral.consent == Consent.AWAITING
