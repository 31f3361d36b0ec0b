"""Bulk writes for sends, digests and contest announcements: one INSERT for a batch's
e-mails, one for its in-app notifications, nothing handed to the broker."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from coopt.notifications.models import Notification, OutboundEmail
from coopt.notifications.rendering import RenderedEmail
from coopt.notifications.services import (
    EmailRow,
    NotificationRow,
    emails_queue_many,
    notifications_create_many,
)

from ..conftest import World

pytestmark = pytest.mark.django_db


def email_rows(*addresses: str) -> list[EmailRow]:
    return [
        EmailRow(
            to=address,
            rendered=RenderedEmail(subject=f"For {address}", text="Hello", html="<p>Hello</p>"),
            language="fr",
            headers={"List-Unsubscribe": f"<https://acme.localhost/unsubscribe/{n}/>"},
        )
        for n, address in enumerate(addresses)
    ]


def test_the_emails_are_written_in_one_insert_and_their_ids_come_back_in_order(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    now = timezone.now()
    rows = email_rows("a@acme.test", "b@acme.test", "c@acme.test")
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        ids = emails_queue_many(
            tenant=world.acme, rows=rows, template="job-digest", subject_ref="digest:1", now=now
        )
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["INSERT"]
    emails = OutboundEmail.objects.in_bulk(ids)
    assert [emails[pk].to_email for pk in ids] == ["a@acme.test", "b@acme.test", "c@acme.test"]
    second = emails[ids[1]]
    assert second.tenant == world.acme
    assert second.from_email == world.acme.from_email
    assert (second.subject, second.body_text, second.body_html) == (
        "For b@acme.test",
        "Hello",
        "<p>Hello</p>",
    )
    assert second.headers == {"List-Unsubscribe": "<https://acme.localhost/unsubscribe/1/>"}
    assert (second.language, second.template, second.subject_ref) == (
        "fr",
        "job-digest",
        "digest:1",
    )
    assert (second.status, second.next_attempt_at) == (OutboundEmail.Status.PENDING, now)
    # The caller sends them after its commit (or the relay does): nothing is queued here.
    assert callbacks == []
    assert mail.outbox == []


def test_no_emails_write_nothing(world: World) -> None:
    with CaptureQueriesContext(connection) as queries:
        ids = emails_queue_many(
            tenant=world.acme, rows=[], template="job-targeted", now=timezone.now()
        )
    assert ids == []
    assert len(queries) == 0


def test_the_notifications_are_written_in_one_insert_cut_to_their_column(world: World) -> None:
    rows = [
        NotificationRow(recipient_id=world.member.pk, text="x" * 400),
        NotificationRow(recipient_id=world.expert.pk, text="Bonjour"),
    ]
    with CaptureQueriesContext(connection) as queries:
        created = notifications_create_many(
            tenant_id=world.acme.pk, rows=rows, url="/contests/3/", subject_ref="contest:3"
        )
    assert created == 2
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["INSERT"]
    long, short = Notification.objects.filter(subject_ref="contest:3").order_by("id")
    assert (long.recipient, long.tenant, long.text) == (world.member, world.acme, "x" * 300)
    assert (short.recipient, short.text, short.url) == (world.expert, "Bonjour", "/contests/3/")
    assert short.read_at is None


def test_a_batch_size_writes_one_insert_per_batch(world: World) -> None:
    members = (world.admin, world.recruiter, world.member)
    rows = [NotificationRow(recipient_id=member.pk, text="Hi") for member in members]
    with CaptureQueriesContext(connection) as queries:
        assert notifications_create_many(tenant_id=world.acme.pk, rows=rows, batch_size=2) == 3
    assert len(queries) == 2
