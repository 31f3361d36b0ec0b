import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from .language import reader_language
from .members import Member
from .models import EmailTemplate, Notification, OutboundEmail
from .rendering import RenderedEmail, render_email, wrap_text_as_html

logger = logging.getLogger(__name__)

_delivery_held: ContextVar[bool] = ContextVar("coopt_delivery_held", default=False)


@contextmanager
def delivery_held() -> Iterator[None]:
    """Write e-mails to the outbox without handing them to the broker.

    For bulk loads that settle the messages themselves (the demo marks them as
    sent); whatever stays pending is still sent by the periodic relay.
    """
    token = _delivery_held.set(True)
    try:
        yield
    finally:
        _delivery_held.reset(token)


def is_delivery_held() -> bool:
    """Inside ``delivery_held()``: write to the outbox, hand nothing to the broker."""
    return _delivery_held.get()


def email_queue(
    *,
    tenant: Tenant | None,
    to: str,
    rendered: RenderedEmail,
    language: str,
    template: str = "",
    subject_ref: str = "",
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> OutboundEmail:
    """Write an e-mail to the outbox; it is sent after the transaction commits.

    Call it inside the transaction of the change the e-mail is about, so that
    the change and its message are saved together or not at all.
    """
    from django.conf import settings

    message = OutboundEmail.objects.create(
        tenant=tenant,
        to_email=to,
        from_email=from_email or (tenant.from_email if tenant else settings.DEFAULT_FROM_EMAIL),
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        headers=headers or {},
        language=language,
        template=template,
        subject_ref=subject_ref,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return message


@dataclass(frozen=True, slots=True)
class EmailRow:
    """One e-mail of a bulk write (``emails_queue_many``), already rendered."""

    to: str
    rendered: RenderedEmail
    language: str
    headers: dict[str, str] = field(default_factory=dict)


def emails_queue_many(
    *,
    tenant: Tenant,
    rows: Sequence[EmailRow],
    template: str,
    subject_ref: str = "",
    now: datetime,
) -> list[int]:
    """Write many e-mails of one tenant to the outbox in one INSERT; returns their ids, in
    the order of ``rows``.

    For bulk sends, inside the transaction of the change the e-mails are about. Unlike
    ``email_queue``, nothing is handed to the broker: the caller sends them after its commit
    (``delivery.deliver_many``), and whatever it leaves is sent by the relay.
    """
    emails = OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                tenant=tenant,
                to_email=row.to,
                from_email=tenant.from_email,
                subject=row.rendered.subject,
                body_text=row.rendered.text,
                body_html=row.rendered.html,
                headers=row.headers,
                language=row.language,
                template=template,
                subject_ref=subject_ref,
                next_attempt_at=now,
            )
            for row in rows
        ]
    )
    return [email.pk for email in emails]


def email_send_template(
    *,
    tenant: Tenant,
    to: str,
    name: str,
    context: dict[str, Any],
    language: str,
    subject_ref: str = "",
) -> OutboundEmail:
    """Render ``templates/emails/<name>-*`` in ``language`` and queue it."""
    rendered = render_email(tenant=tenant, name=name, context=context, language=language)
    return email_queue(
        tenant=tenant,
        to=to,
        rendered=rendered,
        language=language,
        template=name,
        subject_ref=subject_ref,
    )


def email_queue_text(
    *,
    tenant: Tenant | None,
    to: str,
    subject: str,
    text: str,
    html: str | None,
    language: str,
    template: str = "",
) -> OutboundEmail:
    """Queue a message rendered elsewhere (sign-in codes); HTML is branded if missing."""
    if not html and tenant is not None:
        html = wrap_text_as_html(tenant=tenant, subject=subject, text=text, language=language)
    rendered = RenderedEmail(subject=subject, text=text, html=html or "")
    return email_queue(
        tenant=tenant, to=to, rendered=rendered, language=language, template=template
    )


def _enqueue_delivery(message_id: int) -> None:
    from .tasks import deliver_email

    if _delivery_held.get():
        return

    try:
        deliver_email.delay(message_id)
    except Exception:  # noqa: BLE001 - broker down: the relay sends it later
        logger.warning("Broker unavailable; outbound e-mail %s left to the relay", message_id)


def notification_create(
    *, recipient: Member, text: str, url: str = "", subject_ref: str = ""
) -> Notification:
    """Create an in-app notification. ``text`` is already in the recipient's language."""
    return Notification.objects.create(
        tenant_id=recipient.tenant_id,
        recipient_id=recipient.pk,
        text=text[:300],
        url=url,
        subject_ref=subject_ref,
    )


def notification_create_translated(
    *, recipient: Member, message: Any, url: str = "", subject_ref: str = ""
) -> Notification:
    """Translate a lazy message into the recipient's language and store it."""
    with translation.override(reader_language(recipient.user.language, recipient)):
        text = str(message)
    return notification_create(recipient=recipient, text=text, url=url, subject_ref=subject_ref)


@dataclass(frozen=True, slots=True)
class NotificationRow:
    """One in-app notification of a bulk write; ``text`` is in the recipient's language."""

    recipient_id: int
    text: str


def notifications_create_many(
    *,
    tenant_id: int,
    rows: Iterable[NotificationRow],
    url: str = "",
    subject_ref: str = "",
    batch_size: int | None = None,
) -> int:
    """Create many in-app notifications of one tenant in one INSERT (one per ``batch_size``
    rows if given); returns how many."""
    created = Notification.objects.bulk_create(
        [
            Notification(
                tenant_id=tenant_id,
                recipient_id=row.recipient_id,
                text=row.text[:300],
                url=url,
                subject_ref=subject_ref,
            )
            for row in rows
        ],
        batch_size=batch_size,
    )
    return len(created)


def notifications_mark_read(*, recipient: Member, ids: list[int] | None = None) -> int:
    pending = Notification.objects.filter(recipient_id=recipient.pk, read_at__isnull=True)
    if ids is not None:
        pending = pending.filter(id__in=ids)
    return pending.update(read_at=timezone.now())


@transaction.atomic
def email_template_save(
    *,
    tenant: Tenant,
    key: str,
    status: str,
    language: str,
    subject: str,
    body: str,
    actor: Actor,
) -> EmailTemplate:
    """The tenant's own wording of one automatic e-mail, created or replaced (R5), recorded
    in the audit log."""
    template, _created = EmailTemplate.objects.update_or_create(
        tenant=tenant,
        key=key,
        status=status,
        language=language,
        defaults={"subject": subject, "body": body},
    )
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.SETTINGS_CHANGED,
        target=audit_target(template, "email_template"),
        details={"section": "email_template"},
    )
    return template


@transaction.atomic
def email_template_reset(*, template: EmailTemplate, actor: Actor) -> None:
    """Back to the built-in wording: the tenant's own goes, recorded in the audit log."""
    target = audit_target(template, "email_template")
    template.delete()
    audit_record(
        actor=actor,
        tenant_id=template.tenant_id,
        action=Action.SETTINGS_CHANGED,
        target=target,
        details={"section": "email_template", "reset": True},
    )
