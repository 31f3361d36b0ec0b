"""Reads of the webhooks app, scoped to the tenant. The admin's pages reach one object
through ``access_<noun>(member, <noun>_id)``: 404 for anything not of the member's tenant,
and for anyone but an admin."""

from django.db.models import QuerySet
from django.http import Http404

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from .models import WebhookDelivery, WebhookEndpoint


def webhook_endpoints_of(*, tenant: Tenant) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(tenant=tenant).order_by("created_at", "pk")


def webhook_deliveries_of(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """The endpoint's delivery log, newest first; the payloads are left out (one is opened
    on its own page)."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .defer("payload")
        .order_by("-created_at", "-pk")
    )


def access_webhook_endpoint(member: Membership, endpoint_id: int) -> WebhookEndpoint:
    if not member.is_admin:
        raise Http404
    endpoint = WebhookEndpoint.objects.filter(tenant_id=member.tenant_id, pk=endpoint_id).first()
    if endpoint is None:
        raise Http404
    return endpoint


def access_webhook_delivery(member: Membership, delivery_id: int) -> WebhookDelivery:
    if not member.is_admin:
        raise Http404
    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(tenant_id=member.tenant_id, pk=delivery_id)
        .first()
    )
    if delivery is None:
        raise Http404
    return delivery
