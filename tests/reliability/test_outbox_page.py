"""The admin's "E-mail delivery" page: the tenant's failed and retrying e-mails, never
their bodies, and a "retry now" that sends a message once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import email_queue_text
from coopt.tenants.models import Tenant

from ..conftest import World
from ..responses import Response

URL = reverse("backoffice:outbox")
SECRET_BODY = "Your personal link: https://acme.localhost/c/SECRET-TOKEN/"


def queue(tenant: Tenant, to: str, **state: object) -> OutboundEmail:
    """An outbox message in ``state`` (as delivery would have left it)."""
    message = email_queue_text(
        tenant=tenant,
        to=to,
        subject=f"News for {to}",
        text=SECRET_BODY,
        html=None,
        language="en",
    )
    OutboundEmail.objects.filter(pk=message.pk).update(**state)
    message.refresh_from_db()
    return message


def failed(tenant: Tenant, to: str = "failed@example.org") -> OutboundEmail:
    return queue(
        tenant,
        to,
        status="failed",
        attempts=54,
        subject_ref="referral:7",
        last_error="SMTPDataError: (451, b'4.3.0 Mailbox busy')",
    )


def retrying(tenant: Tenant, to: str = "retrying@example.org") -> OutboundEmail:
    return queue(
        tenant,
        to,
        attempts=3,
        next_attempt_at=timezone.now() + timedelta(minutes=2),
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )


def rows(response: Response) -> int:
    return response.content.decode().count('data-testid="email-row"')


def test_the_admin_sees_failed_and_retrying_emails_of_the_tenant_and_never_their_body(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    gone, waiting = failed(world.acme), retrying(world.acme)
    queue(world.acme, "sent@example.org", status="sent", attempts=1)
    queue(world.acme, "new@example.org")  # never tried yet: not a delivery problem
    failed(world.globex, "globex@example.org")
    client = world.client_for(world.admin)

    with django_assert_max_num_queries(15):
        response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert rows(response) == 2
    assert html.index(gone.to_email) < html.index(waiting.to_email)  # failed ones first
    for shown in (gone.subject, "referral:7", "451", "<td>54</td>", "Connection refused"):
        assert shown in html
    for hidden in ("sent@example.org", "new@example.org", "globex@example.org", "SECRET-TOKEN"):
        assert hidden not in html
    assert 'data-testid="kpi-failed"><strong>1<' in html
    assert 'data-testid="kpi-retrying"><strong>1<' in html


def test_the_list_filters_by_state_and_pages(world: World) -> None:
    failed(world.acme)
    for n in range(51):
        retrying(world.acme, f"r{n}@example.org")
    client = world.client_for(world.admin)

    only_failed = client.get(URL, {"state": "failed"})
    assert rows(only_failed) == 1 and "failed@example.org" in only_failed.content.decode()
    assert rows(client.get(URL, {"state": "pending"})) == 50
    assert rows(client.get(URL, {"state": "pending", "page": "2"})) == 1
    assert rows(client.get(URL, {"state": "nonsense"})) == 50  # ignored, not an error


def test_with_nothing_undelivered_the_page_says_so(world: World) -> None:
    response = world.client_for(world.admin).get(URL)
    assert rows(response) == 0
    assert "Every e-mail was delivered" in response.content.decode()


def test_retry_now_sends_the_email_once(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    message = failed(world.acme)
    client = world.client_for(world.admin)
    url = reverse("backoffice:outbox_retry", args=[message.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"next": f"{URL}?state=failed"}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True)

    assert response.redirect_chain == [(f"{URL}?state=failed", 302)]
    assert "being sent again" in response.content.decode()
    assert "Nothing to retry" in again.content.decode()
    assert [m.to for m in mail.outbox] == [["failed@example.org"]]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 55, "")


def test_retry_now_leaves_an_email_being_sent_alone(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    message = queue(world.acme, "busy@example.org", status="sending", claimed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.admin).post(
            reverse("backoffice:outbox_retry", args=[message.pk]), follow=True
        )
    assert "Nothing to retry" in response.content.decode()
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == "sending"


def test_retry_now_refuses_a_get_and_an_off_site_next(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    message = failed(world.acme)
    client = world.client_for(world.admin)
    url = reverse("backoffice:outbox_retry", args=[message.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == URL


@pytest.mark.parametrize("persona", ["member", "expert", "recruiter"])
def test_other_roles_get_403(world: World, persona: str) -> None:
    message = failed(world.acme)
    client = world.client_for(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(reverse("backoffice:outbox_retry", args=[message.pk])).status_code == 403
    message.refresh_from_db()
    assert message.status == "failed"


def test_anonymous_visitors_are_sent_to_sign_in(world: World, acme_client: Client) -> None:
    response = acme_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_another_tenants_admin_gets_404_and_cannot_use_this_host(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    message = failed(world.acme)
    url = reverse("backoffice:outbox_retry", args=[message.pk])
    own_host = world.client_for(world.outsider)  # a globex admin, on globex
    with django_capture_on_commit_callbacks(execute=True):
        assert own_host.post(url).status_code == 404
    assert rows(own_host.get(URL)) == 0

    acme_host = world.client_for(world.outsider, host="acme.localhost")
    response = acme_host.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    message.refresh_from_db()
    assert message.status == "failed"
    assert mail.outbox == []


def test_the_admin_settings_navigation_leads_to_the_page(world: World) -> None:
    html = world.client_for(world.admin).get(reverse("backoffice:members")).content.decode()
    assert f'href="{URL}"' in html
