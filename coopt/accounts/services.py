from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.notifications.language import reader_language
from coopt.notifications.services import email_send_template
from coopt.taxonomy.models import Tag
from coopt.tenants.models import Tenant

from .models import Department, Membership, User

INVITATION_SALT = "coopt.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 30

MIN_INTERESTS = 3
MAX_INTERESTS = 4


@transaction.atomic
def member_create(
    *,
    tenant: Tenant,
    email: str,
    first_name: str = "",
    last_name: str = "",
    department: Department | None = None,
    location: Tag | None = None,
    manager: Membership | None = None,
    employee_id: str = "",
    language: str = "",
    is_expert: bool = False,
    is_recruiter: bool = False,
    is_admin: bool = False,
) -> Membership:
    """Create (or reactivate) a member of the tenant; the user is shared across tenants."""
    users = get_user_model()
    user, created = users.objects.get_or_create(
        email=email.strip().lower(),
        defaults={"first_name": first_name, "last_name": last_name, "language": language},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, _created = Membership.objects.update_or_create(
        tenant=tenant,
        user=user,
        defaults={
            "department": department,
            "location": location,
            "manager": manager,
            "employee_id": employee_id,
            "is_active": True,
            "deactivated_at": None,
            "is_expert": is_expert,
            "is_recruiter": is_recruiter,
            "is_admin": is_admin,
            "is_member": is_referrer(tenant, is_recruiter=is_recruiter, is_admin=is_admin),
        },
    )
    return membership


def is_referrer(tenant: Tenant, *, is_recruiter: bool, is_admin: bool) -> bool:
    """Whether a member with these roles recommends people. In a network the operator's
    recruiters and admins are its staff, not referrers: they are never solicited for jobs,
    nor in the sponsor tree or on leaderboards (N2)."""
    return tenant.mode != Tenant.Mode.NETWORK or not (is_recruiter or is_admin)


def _invitation_state(membership: Membership) -> str:
    """Changes once the invitation is used (the password is set), so a link works once."""
    return salted_hmac(INVITATION_SALT, membership.user.password, algorithm="sha256").hexdigest()[
        :16
    ]


def invitation_token(membership: Membership) -> str:
    return signing.dumps(
        {"m": membership.pk, "t": membership.tenant_id, "s": _invitation_state(membership)},
        salt=INVITATION_SALT,
    )


def membership_from_invitation(*, tenant: Tenant, token: str) -> Membership | None:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("t") != tenant.pk:
        return None
    membership = (
        Membership.objects.select_related("user")
        .filter(pk=data.get("m"), tenant=tenant, is_active=True)
        .first()
    )
    if membership is None or not constant_time_compare(
        data.get("s", ""), _invitation_state(membership)
    ):
        return None
    return membership


@transaction.atomic
def member_invite(*, membership: Membership) -> None:
    """E-mail the member a link to choose a password and start (M1)."""
    path = reverse("accounts:invitation", args=[invitation_token(membership)])
    email_send_template(
        tenant=membership.tenant,
        to=membership.user.email,
        name="invitation",
        context={"membership": membership, "invitation_path": path},
        language=reader_language(membership.user.language, membership),
    )
    membership.invited_at = timezone.now()
    membership.save(update_fields=["invited_at"])


@transaction.atomic
def invitation_accept(*, membership: Membership, password: str) -> User:
    user = membership.user
    user.set_password(password)
    user.save(update_fields=["password"])
    membership.joined_at = membership.joined_at or timezone.now()
    membership.save(update_fields=["joined_at"])
    return user


@transaction.atomic
def membership_onboard(
    *,
    membership: Membership,
    interests: list[Tag],
    language: str,
    notify_targeted: bool,
    digest_frequency: str,
    leaderboard_name_shown: bool | None = None,
) -> Membership:
    """Save interests and preferences (M3, M4); the first save completes onboarding.

    ``leaderboard_name_shown``: the member's opt-in to appear by name on leaderboards and
    contests (G3); None leaves it as it is.
    """
    membership.interests.set(interests)
    membership.notify_targeted = notify_targeted
    membership.digest_frequency = digest_frequency
    membership.onboarded_at = membership.onboarded_at or timezone.now()
    fields = ["notify_targeted", "digest_frequency", "onboarded_at"]
    if leaderboard_name_shown is not None:
        membership.leaderboard_name_shown = leaderboard_name_shown
        fields.append("leaderboard_name_shown")
    membership.save(update_fields=fields)
    user = membership.user
    if language != user.language:
        user.language = language
        user.save(update_fields=["language"])
    return membership


class MembershipChangeRefused(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@transaction.atomic
def membership_deactivate(*, membership: Membership, actor: Actor) -> Membership:
    """A leaver: access ends at once, every session of theirs is closed, history stays.

    An admin cannot deactivate themself (the company would lose its last admin).
    """
    if actor.is_user(membership.user_id):
        raise MembershipChangeRefused(_("You cannot deactivate yourself."))
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    sessions_end_for_user(user=membership.user)
    audit_record(
        actor=actor,
        tenant_id=membership.tenant_id,
        action=Action.MEMBER_DEACTIVATED,
        target=audit_target(membership),
    )
    return membership


@transaction.atomic
def membership_reactivate(*, membership: Membership, actor: Actor) -> Membership:
    membership.is_active = True
    membership.deactivated_at = None
    membership.save(update_fields=["is_active", "deactivated_at"])
    audit_record(
        actor=actor,
        tenant_id=membership.tenant_id,
        action=Action.MEMBER_REACTIVATED,
        target=audit_target(membership),
    )
    return membership


def _role_names(membership: Membership) -> list[str]:
    """The member's roles above plain member, in rank order."""
    return [role for role in ("expert", "recruiter", "admin") if getattr(membership, f"is_{role}")]


@transaction.atomic
def membership_set_roles(
    *,
    membership: Membership,
    is_expert: bool,
    is_recruiter: bool,
    is_admin: bool,
    actor: Actor,
) -> Membership:
    """Change a member's roles; an admin cannot remove their own admin role. A change is
    recorded in the audit log with the roles before and after (saving the same, nothing)."""
    if actor.is_user(membership.user_id) and membership.is_admin and not is_admin:
        raise MembershipChangeRefused(_("You cannot remove your own admin role."))
    if membership.client_id is not None and is_admin:
        # A client company's recruiter works on that company's jobs only; admins are the
        # network operator's staff (N2).
        raise MembershipChangeRefused(_("A client company's recruiter cannot be an admin."))
    before = _role_names(membership)
    membership.is_expert = is_expert
    membership.is_recruiter = is_recruiter
    membership.is_admin = is_admin
    if membership.client_id is None:
        membership.is_member = is_referrer(
            membership.tenant, is_recruiter=is_recruiter, is_admin=is_admin
        )
    membership.save(update_fields=["is_expert", "is_recruiter", "is_admin", "is_member"])
    if _role_names(membership) != before:
        audit_record(
            actor=actor,
            tenant_id=membership.tenant_id,
            action=Action.ROLE_CHANGED,
            target=audit_target(membership),
            details={"from": before, "to": _role_names(membership)},
        )
    return membership


def sessions_end_for_user(*, user: User) -> int:
    """Delete the sessions that belong to ``user``, through the session engine so
    that a cached copy (``cached_db`` in production) goes too."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    user_key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_key:
            store(session_key=session.session_key).delete()
            ended += 1
    return ended
