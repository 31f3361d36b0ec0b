"""Writing a batch's digests (D3): the e-mails, in-app notices, solicitations, deliveries.

Bulk writes only: a fixed number of queries for any number of members. The links are
built from the tenant's address, read once per batch (``Tenant.base_url`` reads the
domains table on each call, so ``render_email`` and ``unsubscribe_url`` are not used
per member here); the e-mails are rendered by ``render.DigestRenderer``.
"""

from datetime import datetime
from typing import Any

from django.urls import reverse

from coopt.accounts.models import Membership
from coopt.notifications.language import reader_language
from coopt.notifications.services import (
    EmailRow,
    NotificationRow,
    emails_queue_many,
    notifications_create_many,
)

from ..ledger import add, settle
from ..matching import score
from ..models import Delivery, DigestRun, Solicitation
from ..unsubscribe import unsubscribe_headers, unsubscribe_token
from .content import Offer
from .render import TEMPLATE, DigestRenderer


def write_digests(
    *,
    run: DigestRun,
    members: list[Membership],
    offers: dict[int, list[Offer]],
    now: datetime,
    rendered_offers: dict[Any, Any] | None = None,
) -> list[int]:
    """One digest per member (each has offers); returns the e-mails' ids.
    ``rendered_offers`` keeps the rendered offers for the next batches (``Catalogue.rendered``)."""
    if not members:
        return []
    tenant = run.tenant
    base_url = tenant.base_url()
    links = {
        "tenant_url": base_url,
        "board_url": base_url + reverse("jobs:board"),
        "preferences_url": base_url + reverse("accounts:preferences"),
    }
    renderer = DigestRenderer(tenant=tenant, links=links, rendered=rendered_offers)
    ref = f"digest:{run.pk}"
    emails, notifications = [], []
    for member in members:
        language = reader_language(member.user.language, tenant)
        token = unsubscribe_token(member_id=member.pk, tenant_id=tenant.pk)
        unsubscribe = base_url + reverse("diffusion_public:unsubscribe", args=[token])
        rendered, notice = renderer.render(
            first_name=member.user.first_name,
            unsubscribe_url=unsubscribe,
            offers=offers[member.pk],
            language=language,
        )
        emails.append(
            EmailRow(
                to=member.user.email,
                rendered=rendered,
                language=language,
                headers=unsubscribe_headers(url=unsubscribe),
            )
        )
        notifications.append(NotificationRow(recipient_id=member.pk, text=notice))
    email_ids = emails_queue_many(
        tenant=tenant, rows=emails, template=TEMPLATE, subject_ref=ref, now=now
    )
    notifications_create_many(
        tenant_id=tenant.pk, rows=notifications, url=reverse("jobs:board"), subject_ref=ref
    )
    Solicitation.objects.bulk_create(
        Solicitation(
            tenant=tenant,
            member=member,
            kind=Solicitation.Kind.DIGEST,
            period=run.period,
            created_at=now,
        )
        for member in members
    )
    _record_deliveries(
        members=members, offers=offers, email_ids=email_ids, tenant_id=tenant.pk, now=now
    )
    return email_ids


def _record_deliveries(
    *,
    members: list[Membership],
    offers: dict[int, list[Offer]],
    email_ids: list[int],
    tenant_id: int,
    now: datetime,
) -> None:
    """The ledger: new jobs get a "digested" delivery, deferred ones become "digested"."""
    new, settled = [], []
    for member, email_id in zip(members, email_ids, strict=True):
        for offer in offers[member.pk]:
            if offer.deferred_id is not None:
                settled.append((offer.deferred_id, email_id))
            else:
                new.append((offer.job.pk, member.pk, score(offer.reasons), email_id))
    # A targeted send that reached the member meanwhile keeps its own row.
    add(new, tenant_id=tenant_id, status=Delivery.Status.DIGESTED, now=now)
    settle(settled, status=Delivery.Status.DIGESTED, now=now)
