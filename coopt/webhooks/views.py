"""The admin's webhook pages: endpoints, their secret, their delivery log (X2)."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor

from .forms import EndpointForm
from .selectors import (
    access_webhook_delivery,
    access_webhook_endpoint,
    webhook_deliveries_of,
    webhook_endpoints_of,
)
from .services import (
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_set_enabled,
    webhook_endpoint_update,
    webhook_redeliver,
    webhook_secret_rotate,
    webhook_test_send,
)

PAGE_SIZE = 25


@admin_required
@require_GET
def endpoint_list(request: MemberRequest) -> HttpResponse:
    endpoints = webhook_endpoints_of(tenant=request.tenant)
    return render(request, "webhooks/list.html", {"endpoints": endpoints})


@admin_required
@require_http_methods(["GET", "POST"])
def endpoint_create(request: MemberRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = webhook_endpoint_create(
            tenant=request.tenant, actor=Actor.from_request(request), **form.cleaned()
        )
        messages.success(request, _("Endpoint added. Copy its signing secret below."))
        return redirect("webhooks:endpoint", endpoint.pk)
    return render(request, "webhooks/form.html", {"form": form, "endpoint": None})


@admin_required
@require_http_methods(["GET", "POST"])
def endpoint_edit(request: MemberRequest, endpoint_id: int) -> HttpResponse:
    endpoint = access_webhook_endpoint(request.membership, endpoint_id)
    initial = {"url": endpoint.url, "description": endpoint.description, "events": endpoint.events}
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        webhook_endpoint_update(
            endpoint=endpoint, actor=Actor.from_request(request), **form.cleaned()
        )
        messages.success(request, _("Endpoint saved."))
        return redirect("webhooks:endpoint", endpoint.pk)
    return render(request, "webhooks/form.html", {"form": form, "endpoint": endpoint})


@admin_required
@require_GET
def endpoint_detail(request: MemberRequest, endpoint_id: int) -> HttpResponse:
    endpoint = access_webhook_endpoint(request.membership, endpoint_id)
    page_obj = Paginator(webhook_deliveries_of(endpoint=endpoint), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "webhooks/endpoint.html",
        {"endpoint": endpoint, "page_obj": page_obj, "querystring_base": ""},
    )


@admin_required
@require_POST
def endpoint_rotate(request: MemberRequest, endpoint_id: int) -> HttpResponse:
    endpoint = access_webhook_endpoint(request.membership, endpoint_id)
    webhook_secret_rotate(endpoint=endpoint, actor=Actor.from_request(request))
    messages.success(request, _("New secret created. The previous one keeps signing for 24 hours."))
    return redirect("webhooks:endpoint", endpoint.pk)


@admin_required
@require_POST
def endpoint_enabled(request: MemberRequest, endpoint_id: int) -> HttpResponse:
    endpoint = access_webhook_endpoint(request.membership, endpoint_id)
    enabled = request.POST.get("enabled") == "1"
    webhook_endpoint_set_enabled(
        endpoint=endpoint, enabled=enabled, actor=Actor.from_request(request)
    )
    if enabled:
        messages.success(request, _("Endpoint enabled."))
    else:
        messages.success(request, _("Endpoint disabled: nothing is sent to it any more."))
    return redirect("webhooks:endpoint", endpoint.pk)


@admin_required
@require_POST
def endpoint_test(request: MemberRequest, endpoint_id: int) -> HttpResponse:
    endpoint = access_webhook_endpoint(request.membership, endpoint_id)
    webhook_test_send(endpoint=endpoint)
    messages.success(request, _("Test event sent: its result shows in the log below."))
    return redirect("webhooks:endpoint", endpoint.pk)


@admin_required
@require_POST
def endpoint_delete(request: MemberRequest, endpoint_id: int) -> HttpResponse:
    endpoint = access_webhook_endpoint(request.membership, endpoint_id)
    webhook_endpoint_delete(endpoint=endpoint, actor=Actor.from_request(request))
    messages.success(request, _("Endpoint deleted."))
    return redirect("webhooks:list")


@admin_required
@require_GET
def delivery_detail(request: MemberRequest, delivery_id: int) -> HttpResponse:
    delivery = access_webhook_delivery(request.membership, delivery_id)
    payload = json.dumps(delivery.payload, indent=2, ensure_ascii=False)
    return render(request, "webhooks/delivery.html", {"delivery": delivery, "payload": payload})


@admin_required
@require_POST
def delivery_redeliver(request: MemberRequest, delivery_id: int) -> HttpResponse:
    delivery = access_webhook_delivery(request.membership, delivery_id)
    if webhook_redeliver(delivery=delivery, actor=Actor.from_request(request)):
        messages.success(request, _("Sent again: its result shows in the log."))
    else:
        messages.error(request, _("This delivery is being sent right now."))
    return redirect("webhooks:endpoint", delivery.endpoint_id)
