"""For the tests of services that record audit events: a crash right after the event."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models.signals import post_save

from coopt.audit.models import AuditEvent

CRASH_UID = "tests-crash-after-audit"


class AuditCrash(Exception):
    """Raised right after an audit event is written, before the service's transaction ends."""


def _crash(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if created:
        raise AuditCrash(instance.action)


@contextmanager
def crash_after_audit() -> Iterator[None]:
    """The service fails once its event is written: neither the event nor the change it
    records may stay (they share the service's transaction)."""
    post_save.connect(_crash, sender=AuditEvent, dispatch_uid=CRASH_UID)
    try:
        yield
    finally:
        post_save.disconnect(sender=AuditEvent, dispatch_uid=CRASH_UID)


def only_event(action: str) -> AuditEvent:
    return AuditEvent.objects.get(action=action)
