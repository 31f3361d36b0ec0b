"""The admin's job feed sources (J3) and the switch of the public feed (X4): audited."""

from typing import Any

from django.db import transaction

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from .models import JobFeedSettings, JobFeedSource

SOURCE_FIELDS = ("name", "kind", "url", "schedule", "is_enabled", "close_missing", "publish_new")


@transaction.atomic
def feed_source_create(*, tenant: Tenant, actor: Actor, **fields: Any) -> JobFeedSource:
    """A new source; it runs on its schedule from now on (or by hand)."""
    source = JobFeedSource(tenant=tenant)
    for name in SOURCE_FIELDS:
        if name in fields:
            setattr(source, name, fields[name])
    source.save()
    audit_record(
        actor=actor,
        action=Action.FEED_SOURCE_CREATED,
        target=audit_target(source),
        details={"kind": source.kind},
        tenant_id=tenant.pk,
    )
    return source


@transaction.atomic
def feed_source_update(*, source: JobFeedSource, actor: Actor, **fields: Any) -> JobFeedSource:
    """Save the fields that changed, and name them in the audit log."""
    changed = [
        name for name in SOURCE_FIELDS if name in fields and getattr(source, name) != fields[name]
    ]
    for name in changed:
        setattr(source, name, fields[name])
    if changed:
        source.save(update_fields=changed)
    audit_record(
        actor=actor,
        action=Action.FEED_SOURCE_CHANGED,
        target=audit_target(source),
        details={"fields": changed},
        tenant_id=source.tenant_id,
    )
    return source


@transaction.atomic
def feed_source_delete(*, source: JobFeedSource, actor: Actor) -> None:
    """Delete the source and its reports. Its jobs stay as they are, no longer updated."""
    audit_record(
        actor=actor,
        action=Action.FEED_SOURCE_DELETED,
        target=audit_target(source),
        details={"kind": source.kind},
        tenant_id=source.tenant_id,
    )
    source.delete()


@transaction.atomic
def job_feed_settings_update(*, tenant: Tenant, publish_feed: bool, actor: Actor) -> None:
    """Turn the public feed of the tenant's jobs on or off; effective at once (the feed's
    cache holds the jobs, not the switch)."""
    settings, _created = JobFeedSettings.objects.select_for_update().get_or_create(tenant=tenant)
    changed = ["publish_feed"] if settings.publish_feed != publish_feed else []
    settings.publish_feed = publish_feed
    settings.save()
    audit_record(
        actor=actor,
        action=Action.SETTINGS_CHANGED,
        details={"section": "job_feed", "fields": changed},
        tenant_id=tenant.pk,
    )
