"""Joining a network tenant by sponsorship (N1).

A member invites someone by e-mail; the e-mail goes through the outbox in the language the
member chose for the invitee, with a link whose random token is stored only as a hash (the
pattern of ``coopt/referrals/link_tokens.py``). The invitee opens the link, gives their name,
password and current employer, and becomes a member whose ``sponsor`` is the inviter; the
existing onboarding then asks their interests.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership, User
from coopt.notifications.services import email_send_template
from coopt.tenants.models import Tenant

from .charters import charters_accept, current_versions
from .models import CharterVersion, Sponsorship
from .rules import network_rules_for
from .signals import sponsee_joined

TOKEN_BYTES = 32
SPONSORSHIP_MAX_AGE = timedelta(days=30)


class SponsorshipRefused(Exception):
    """A rule refused the invitation or the sign-up; ``message`` says which, translated."""

    def __init__(self, code: str, message: object) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _month_start() -> datetime:
    now = timezone.localtime()
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def sponsorships_left(*, member: Membership) -> int:
    """How many more people the member may invite this calendar month."""
    limit = network_rules_for(tenant=member.tenant).sponsorships_per_month
    sent = Sponsorship.objects.filter(sponsor=member, created_at__gte=_month_start()).count()
    return max(limit - sent, 0)


@transaction.atomic
def sponsorship_invite(
    *, member: Membership, email: str, first_name: str, language: str
) -> Sponsorship:
    """The member invites someone into the network; refused past the monthly limit, outside
    network mode, or when the person is a member already."""
    tenant = member.tenant
    if tenant.mode != Tenant.Mode.NETWORK:
        raise SponsorshipRefused("not_network", _("Sponsorship is open in network mode only."))
    # One member's invitations are counted one at a time: two at once cannot pass the limit.
    Membership.objects.select_for_update().filter(pk=member.pk).first()
    if sponsorships_left(member=member) <= 0:
        limit = network_rules_for(tenant=tenant).sponsorships_per_month
        raise SponsorshipRefused(
            "limit",
            _("You have sent your %(limit)s invitations for this month. Try again next month.")
            % {"limit": limit},
        )
    email = email.strip().lower()
    if Membership.objects.filter(tenant=tenant, user__email=email).exists():
        raise SponsorshipRefused("member", _("This person is already a member."))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    if language not in tenant.enabled_languages:
        language = tenant.default_language
    sponsorship = Sponsorship.objects.create(
        tenant=tenant,
        sponsor=member,
        email=email,
        first_name=first_name.strip(),
        language=language,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + SPONSORSHIP_MAX_AGE,
    )
    email_send_template(
        tenant=tenant,
        to=email,
        name="sponsorship",
        context={
            "sponsorship": sponsorship,
            "sponsor_name": member.display_name,
            "join_path": reverse("network:join", args=[token]),
        },
        language=language,
        subject_ref=f"sponsorship:{sponsorship.pk}",
    )
    return sponsorship


def sponsorship_find(*, tenant: Tenant, token: str) -> Sponsorship:
    """The open invitation behind ``token`` on this tenant's site; refused if unknown,
    another tenant's, expired or used."""
    if not token or len(token) > 200:
        raise SponsorshipRefused("unknown", _("This invitation link is not valid."))
    found = (
        Sponsorship.objects.filter(tenant=tenant, token_hash=_hash(token))
        .select_related("sponsor__user")
        .first()
    )
    if found is None:
        raise SponsorshipRefused("unknown", _("This invitation link is not valid."))
    if found.joined_at is not None:
        raise SponsorshipRefused(
            "used", _("This invitation has been used already. Sign in instead.")
        )
    if found.expires_at <= timezone.now():
        raise SponsorshipRefused(
            "expired", _("This invitation has expired. Ask your sponsor for a new one.")
        )
    return found


@transaction.atomic
def sponsorship_join(
    *,
    tenant: Tenant,
    token: str,
    first_name: str,
    last_name: str,
    password: str,
    employer_name: str,
    employer_domain: str = "",
    accepted: list[CharterVersion] | None = None,
) -> Membership:
    """The invitee signs up from the link: a new member whose sponsor is the inviter.

    ``accepted``: the charter and terms versions the invitee accepted on the form; every
    current version must be among them (R6), and each acceptance is recorded.
    """
    sponsorship = sponsorship_find(tenant=tenant, token=token)
    current = current_versions(tenant=tenant)
    accepted_pks = {version.pk for version in accepted or []}
    if any(version.pk not in accepted_pks for version in current):
        raise SponsorshipRefused("charter", _("Accept the ethics charter and the terms to join."))
    sponsorship = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
    if sponsorship.joined_at is not None:
        raise SponsorshipRefused(
            "used", _("This invitation has been used already. Sign in instead.")
        )
    users = get_user_model()
    user: User | None = users.objects.filter(email=sponsorship.email).first()
    if user is None:
        user = users.objects.create_user(
            sponsorship.email,
            password,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            language=sponsorship.language,
        )
    elif Membership.objects.filter(tenant=tenant, user=user).exists():
        raise SponsorshipRefused("member", _("You are a member already. Sign in instead."))
    else:
        # Someone who has an account elsewhere on the platform keeps their password.
        user.first_name, user.last_name = first_name.strip(), last_name.strip()
        user.save(update_fields=["first_name", "last_name"])
    now = timezone.now()
    membership = Membership.objects.create(
        tenant=tenant,
        user=user,
        is_member=True,
        sponsor=sponsorship.sponsor,
        employer_name=employer_name.strip(),
        employer_domain=employer_domain.strip().lower().lstrip("@"),
        joined_at=now,
    )
    sponsorship.joined = membership
    sponsorship.joined_at = now
    sponsorship.save(update_fields=["joined", "joined_at"])
    charters_accept(member=membership, versions=current)
    sponsee_joined.send(sender=Sponsorship, sponsor=sponsorship.sponsor, sponsee=membership)
    return membership
