from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coopt.tenants.models import Tenant

from .members import Member
from .models import EmailTemplate, Notification, OutboundEmail


def unread_count(*, membership: Member) -> int:
    return Notification.objects.filter(recipient_id=membership.pk, read_at__isnull=True).count()


def notifications_for(*, membership: Member) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=membership.pk)


def access_outbound_email(member: Member, message_id: int) -> OutboundEmail:
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
