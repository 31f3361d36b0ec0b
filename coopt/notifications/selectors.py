from django.db.models import QuerySet

from coopt.accounts.models import Membership

from .models import Notification


def unread_count(*, membership: Membership) -> int:
    return Notification.objects.filter(recipient=membership, read_at__isnull=True).count()


def notifications_for(*, membership: Membership) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=membership)
