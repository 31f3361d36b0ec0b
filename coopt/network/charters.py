"""The ethics charter and the terms, versioned (R6).

The rule, in both modes: a tenant that has published a version of either document asks each
member to accept its current version before their next referral (and at sign-up by
sponsorship). A tenant that published nothing asks nothing. Network tenants are expected to
publish their charter; an internal company may too.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor, ActorKind
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from .models import CharterAcceptance, CharterVersion


def current_versions(*, tenant: Tenant) -> list[CharterVersion]:
    """The latest version of each document the tenant has published (at most two)."""
    latest = (
        CharterVersion.objects.filter(tenant=tenant)
        .values("kind")
        .annotate(top=Max("version"))
        .values_list("kind", "top")
    )
    wanted = dict(latest)
    if not wanted:
        return []
    found = CharterVersion.objects.filter(tenant=tenant, kind__in=wanted).order_by("kind")
    return [version for version in found if wanted[version.kind] == version.version]


def charters_pending(*, member: Membership) -> list[CharterVersion]:
    """The current versions this member has not accepted yet."""
    current = current_versions(tenant=member.tenant)
    if not current:
        return []
    accepted = set(
        CharterAcceptance.objects.filter(membership=member, version__in=current).values_list(
            "version_id", flat=True
        )
    )
    return [version for version in current if version.pk not in accepted]


@transaction.atomic
def charter_publish(
    *, tenant: Tenant, kind: str, texts: dict[str, str], actor: Actor
) -> CharterVersion:
    """A new version of the charter or the terms; members accept it before their next
    referral."""
    texts = {language: text.strip() for language, text in texts.items() if text.strip()}
    if not texts:
        raise ValueError("A version needs a text in at least one language.")
    last = (
        CharterVersion.objects.select_for_update()
        .filter(tenant=tenant, kind=kind)
        .order_by("-version")
        .first()
    )
    version = CharterVersion.objects.create(
        tenant=tenant,
        kind=kind,
        version=(last.version if last is not None else 0) + 1,
        texts=texts,
        published_at=timezone.now(),
        published_by_id=actor.user_id if actor.kind == ActorKind.MEMBER else None,
    )
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.SETTINGS_CHANGED,
        target=audit_target(version),
        details={"section": kind},
    )
    return version


@transaction.atomic
def charters_accept(*, member: Membership, versions: list[CharterVersion]) -> int:
    """Record the member's acceptance of ``versions`` now; accepting twice changes nothing."""
    now = timezone.now()
    made = 0
    for version in versions:
        if version.tenant_id != member.tenant_id:
            continue
        _row, created = CharterAcceptance.objects.get_or_create(
            membership=member, version=version, defaults={"accepted_at": now}
        )
        made += int(created)
    return made
