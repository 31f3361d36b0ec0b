"""Reads of client companies: only the operator's staff of a network tenant see them."""

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from .models import ClientCompany


def is_network_operator(member: Membership) -> bool:
    """An admin of a network tenant who works for the operator, not for one of its clients."""
    return (
        member.is_admin and member.client_id is None and member.tenant.mode == Tenant.Mode.NETWORK
    )


def operator_tenant(member: Membership) -> Tenant:
    """The network the member runs as operator staff; 404 for anyone else, and in an
    internal-mode tenant, which has no client companies."""
    if not is_network_operator(member):
        raise Http404
    return member.tenant


def client_choices(tenant: Tenant) -> list[tuple[int, str]]:
    """(id, name) of the tenant's client companies, by name: for filters."""
    return list(
        ClientCompany.objects.filter(tenant=tenant).order_by("name").values_list("pk", "name")
    )


def clients_of(tenant: Tenant) -> QuerySet[ClientCompany]:
    """The tenant's client companies, with their job and recruiter counts."""
    return (
        ClientCompany.objects.filter(tenant=tenant)
        .annotate(
            job_count=Count("jobs", distinct=True),
            recruiter_count=Count("recruiters", distinct=True),
        )
        .order_by("name", "id")
    )


def access_client(member: Membership, client_id: int) -> ClientCompany:
    """A client company of the operator's network, for its staff; 404 otherwise."""
    tenant = operator_tenant(member)
    return get_object_or_404(ClientCompany, tenant=tenant, pk=client_id)


def access_client_logo(tenant: Tenant, member: Membership | None, client_id: int) -> ClientCompany:
    """A client company of ``tenant`` whose logo ``member`` may see: anyone's when it is not
    confidential; a confidential one's only for the operator's staff and its own recruiters.
    404 otherwise, as for a company that does not exist."""
    client = get_object_or_404(ClientCompany, tenant=tenant, pk=client_id)
    if client.is_confidential and not (
        member is not None
        and member.tenant_id == tenant.pk
        and (is_network_operator(member) or member.client_id == client.pk)
    ):
        raise Http404
    return client


def recruiters_of(client: ClientCompany) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(tenant_id=client.tenant_id, client=client)
        .select_related("user")
        .order_by("user__email")
    )
