"""Suspending a company (confirmed, audited) and reactivating it: nothing is lost."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.console.services import tenant_reactivate, tenant_suspend
from coopt.notifications import tasks
from coopt.notifications.delivery import deliver
from coopt.notifications.models import OutboundEmail
from coopt.notifications.services import email_queue_text
from coopt.referrals.services import reminder_add, reminders_send_due

from .. import factories as f
from ..conftest import ACME_HOST, World
from .conftest import console_url

pytestmark = pytest.mark.django_db

PATHS = ("/", "/jobs/", "/office/", "/accounts/login/", "/invitation/abc/", "/no/such/page/")


def suspend(world: World) -> None:
    tenant_suspend(tenant=world.acme, actor=Actor.system("test"))


def test_suspending_asks_for_confirmation_then_is_audited(
    operator_client: Client, world: World
) -> None:
    url = console_url("console:suspend", world.acme.pk)
    page = operator_client.get(url)
    assert page.status_code == 200
    assert b"Suspend Acme?" in page.content
    world.acme.refresh_from_db()
    assert world.acme.is_active  # a GET changes nothing
    assert operator_client.post(url).status_code == 302
    world.acme.refresh_from_db()
    assert not world.acme.is_active
    event = AuditEvent.objects.get(tenant=world.acme, action="tenant_suspended")
    assert event.actor_id is not None


def test_every_path_of_a_suspended_company_answers_the_suspension_page(world: World) -> None:
    suspend(world)
    signed_in = world.client_for(world.admin)
    for client in (Client(HTTP_HOST=ACME_HOST), signed_in):
        for path in PATHS:
            for response in (client.get(path), client.post(path)):
                assert response.status_code == 503, path
                assert b"Service suspended" in response.content, path
                assert world.job.title.encode() not in response.content
    # The other company goes on as before.
    assert world.client_for(world.outsider).get("/jobs/").status_code == 200


def test_the_suspension_page_speaks_the_companys_language(world: World) -> None:
    world.acme.default_language = "fr"
    world.acme.save()
    suspend(world)
    response = Client(HTTP_HOST=ACME_HOST).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert b'lang="fr"' in response.content


def test_a_suspended_companys_emails_wait_and_go_once_it_is_reactivated(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    suspend(world)
    with django_capture_on_commit_callbacks(execute=True):
        message = email_queue_text(
            tenant=world.acme, to="x@example.com", subject="s", text="t", html=None, language="en"
        )
        other = email_queue_text(
            tenant=world.globex, to="y@example.com", subject="s", text="t", html=None, language="en"
        )
    assert [m.to for m in mail.outbox] == [["y@example.com"]]  # globex's only
    assert deliver(message.pk) == "skipped"
    tasks.relay_outbox()
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.PENDING and message.attempts == 0
    other.refresh_from_db()
    assert other.status == OutboundEmail.Status.SENT

    tenant_reactivate(tenant=world.acme, actor=Actor.system("test"))
    tasks.relay_outbox()
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["y@example.com"], ["x@example.com"]]


def test_reactivation_gives_everything_back(operator_client: Client, world: World) -> None:
    suspend(world)
    url = console_url("console:reactivate", world.acme.pk)
    assert b"Reactivate Acme?" in operator_client.get(url).content
    assert operator_client.post(url).status_code == 302
    world.acme.refresh_from_db()
    assert world.acme.is_active
    assert AuditEvent.objects.filter(tenant=world.acme, action="tenant_reactivated").exists()
    response = world.client_for(world.member).get("/jobs/")
    assert response.status_code == 200
    assert world.job.title.encode() in response.content


def test_suspending_twice_records_once(world: World) -> None:
    assert tenant_suspend(tenant=world.acme, actor=Actor.system("test"))
    assert not tenant_suspend(tenant=world.acme, actor=Actor.system("test"))
    assert AuditEvent.objects.filter(tenant=world.acme, action="tenant_suspended").count() == 1


def test_a_suspended_companys_reminders_wait_for_its_return(world: World) -> None:
    referral = f.refer(job=world.job, referrer=world.member, confirmed=True)
    reminder_add(
        referral=referral, owner=world.recruiter, due_on=timezone.localdate(), text="Call Jane"
    )
    suspend(world)
    assert reminders_send_due() == 0
    tenant_reactivate(tenant=world.acme, actor=Actor.system("test"))
    assert reminders_send_due() == 1
