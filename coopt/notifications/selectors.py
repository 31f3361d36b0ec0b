from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coopt.accounts.models import Membership
from coopt.tenants.models import Tenant

from .models import EmailTemplate, Notification, OutboundEmail


def unread_count(*, membership: Membership) -> int:
    return Notification.objects.filter(recipient=membership, read_at__isnull=True).count()


def notifications_for(*, membership: Membership) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=membership)


def access_outbound_email(member: Membership, message_id: int) -> OutboundEmail:
    """An e-mail of the admin's tenant in the outbox, or 404."""
    if not member.is_admin:
        raise Http404
    return get_object_or_404(OutboundEmail, tenant_id=member.tenant_id, pk=message_id)


def customised_email_templates(tenant: Tenant) -> set[tuple[str, str, str]]:
    """(key, status, language) of each automatic e-mail the tenant worded itself."""
    return set(EmailTemplate.objects.filter(tenant=tenant).values_list("key", "status", "language"))


def email_template_override(
    tenant: Tenant, *, key: str, status: str, language: str
) -> EmailTemplate | None:
    """The tenant's own wording of one automatic e-mail, if it has one."""
    return EmailTemplate.objects.filter(
        tenant=tenant, key=key, status=status, language=language
    ).first()
