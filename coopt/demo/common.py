"""Steps both demo tenants share: the branded tenant, sign-ins, read notifications."""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.accounts.services import invitation_accept
from coopt.notifications.models import Notification
from coopt.notifications.services import notifications_mark_read
from coopt.tenants.images import LOGO_SIDE, brand_image
from coopt.tenants.models import Tenant
from coopt.tenants.services import tenant_create

from .brands import PASSWORD, TOTP_SECRET, Account, Brand


def read_logo(brand: Brand) -> ContentFile:
    path = finders.find(brand.logo)
    if not path:
        raise FileNotFoundError(f"static/{brand.logo}")
    with open(path, "rb") as handle:
        # Stored as every uploaded logo is: drawn to clean pixels.
        image = brand_image(handle.read(), max_side=LOGO_SIDE)
    name = brand.logo.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ContentFile(image.content, name=f"{name}.{image.extension}")


def create_tenant(brand: Brand) -> Tenant:
    return tenant_create(
        name=brand.name,
        slug=brand.slug,
        domains=[brand.domain],
        logo=read_logo(brand),
        primary_colour=brand.primary_colour,
        accent_colour=brand.accent_colour,
        email_sender_name=brand.email_sender_name,
        email_sender_address=brand.email_sender_address,
        default_language=brand.default_language,
        enabled_languages=list(brand.enabled_languages),
    )


def enable_sign_in(membership: Membership, account: Account) -> None:
    """The demo account accepts its invitation with the demo password.

    Recruiters and admins get the demo TOTP secret, so that the two-factor
    middleware lets them in once a code from `demo_totp_code` is typed.
    """
    user = invitation_accept(membership=membership, password=PASSWORD)
    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if account.needs_totp and not has_totp:
        TOTP.activate(user, TOTP_SECRET)


def mark_old_notifications_read(tenant: Tenant, *, keep_unread: Membership, days: int = 3) -> None:
    """People have read what is older than a few days; the demo member keeps some news."""
    limit = timezone.now() - timedelta(days=days)
    for membership in Membership.objects.filter(tenant=tenant):
        before = limit - timedelta(days=days * 3) if membership.pk == keep_unread.pk else limit
        old = Notification.objects.filter(recipient=membership, created_at__lt=before)
        ids = list(old.values_list("pk", flat=True))
        if ids:
            notifications_mark_read(recipient=membership, ids=ids)
