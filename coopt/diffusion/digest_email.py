"""Writing a batch's digests (D3): the e-mails, in-app notices, solicitations, deliveries.

Bulk writes only: a fixed number of queries for any number of members. The links are
built from the tenant's address, read once per batch (``Tenant.base_url`` reads the
domains table on each call, so ``render_email`` and ``unsubscribe_url`` are not used
per member here; the templates and their context are the same).
"""

from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext, pgettext

from coopt.accounts.models import Membership
from coopt.notifications.models import Notification, OutboundEmail
from coopt.notifications.rendering import RenderedEmail
from coopt.tenants.models import Tenant

from .digest_content import Offer
from .explain import explanation
from .ledger import settle
from .matching import score
from .models import Delivery, DigestRun, Solicitation
from .unsubscribe import unsubscribe_headers, unsubscribe_token

TEMPLATE = "job-digest"


def write_digests(
    *, run: DigestRun, members: list[Membership], offers: dict[int, list[Offer]], now: datetime
) -> list[int]:
    """One digest per member (each has offers); returns the e-mails' ids."""
    if not members:
        return []
    tenant = run.tenant
    base_url = tenant.base_url()
    links = {
        "tenant_url": base_url,
        "board_url": base_url + reverse("jobs:board"),
        "preferences_url": base_url + reverse("accounts:preferences"),
    }
    ref = f"digest:{run.pk}"
    emails, notifications = [], []
    for member in members:
        language = member.user.language or tenant.default_language
        token = unsubscribe_token(member_id=member.pk, tenant_id=tenant.pk)
        unsubscribe = base_url + reverse("diffusion_public:unsubscribe", args=[token])
        context = {**links, "member": member, "unsubscribe_url": unsubscribe}
        rendered, notice = _render(
            tenant=tenant, offers=offers[member.pk], context=context, language=language
        )
        emails.append(
            OutboundEmail(
                tenant=tenant,
                to_email=member.user.email,
                from_email=tenant.from_email,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                headers=unsubscribe_headers(url=unsubscribe),
                language=language,
                template=TEMPLATE,
                subject_ref=ref,
                next_attempt_at=now,
            )
        )
        notifications.append(
            Notification(
                tenant=tenant,
                recipient=member,
                text=notice[:300],
                url=reverse("jobs:board"),
                subject_ref=ref,
            )
        )
    OutboundEmail.objects.bulk_create(emails)
    Notification.objects.bulk_create(notifications)
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
    _record_deliveries(tenant=tenant, members=members, offers=offers, emails=emails, now=now)
    return [email.pk for email in emails]


def _render(
    *, tenant: Tenant, offers: list[Offer], context: dict[str, Any], language: str
) -> tuple[RenderedEmail, str]:
    """The e-mail and the in-app notice, in the member's language."""
    with translation.override(language):
        separator = pgettext("list separator", ", ")
        items = [
            {
                "title": offer.job.title,
                "url": context["tenant_url"] + offer.job.path,
                "locations": separator.join(name for _pk, name in offer.job.locations),
                "featured": offer.job.featured,
                "why": explanation(offer.reasons),
            }
            for offer in offers
        ]
        ctx = {**context, "tenant": tenant, "offers": items, "LANGUAGE_CODE": language}
        rendered = RenderedEmail(
            subject=" ".join(render_to_string(f"emails/{TEMPLATE}-subject.txt", ctx).split()),
            text=render_to_string(f"emails/{TEMPLATE}-body-text.txt", ctx).strip(),
            html=render_to_string(f"emails/{TEMPLATE}-body-html.html", ctx),
        )
        count = len(offers)
        notice = ngettext(
            "%(count)s new job for you in your digest",
            "%(count)s new jobs for you in your digest",
            count,
        ) % {"count": count}
    return rendered, notice


def _record_deliveries(
    *,
    tenant: Tenant,
    members: list[Membership],
    offers: dict[int, list[Offer]],
    emails: list[OutboundEmail],
    now: datetime,
) -> None:
    """The ledger: new jobs get a "digested" delivery, deferred ones become "digested"."""
    new, settled = [], []
    for member, email in zip(members, emails, strict=True):
        for offer in offers[member.pk]:
            if offer.deferred_id is not None:
                settled.append((offer.deferred_id, email.pk))
                continue
            new.append(
                Delivery(
                    tenant=tenant,
                    job_id=offer.job.pk,
                    member=member,
                    score=score(offer.reasons),
                    status=Delivery.Status.DIGESTED,
                    email_id=email.pk,
                )
            )
    # A targeted send that reached the member meanwhile keeps its own row.
    Delivery.objects.bulk_create(new, ignore_conflicts=True)
    settle(settled, status=Delivery.Status.DIGESTED, now=now)
