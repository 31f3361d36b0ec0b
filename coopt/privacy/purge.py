"""The daily purge (Y2): personal data past retention goes, anonymous counts stay.

One path for every deletion on time: referrals left unconfirmed (their consent
is marked expired), declined ones the decline left behind, candidates not
retained, talent-pool candidates, hired ones when the tenant set a period, and
the earlier file of a transferred candidate once the later one is gone. Each
referral is erased through ``referral_erase_personal_data`` (files, notes,
reminders, unsent e-mails, notifications), under a row lock that re-checks the
rule, so a run that is repeated or runs twice at once erases each person once.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coopt.referrals.link_tokens import link_tokens_delete_expired
from coopt.referrals.models import Consent, Referral, RetentionPolicy, Status
from coopt.referrals.retention import retention_policy_for
from coopt.referrals.services import referral_erase_personal_data
from coopt.tenants.models import Tenant

from .models import PurgeRun
from .retention import (
    DATA_CLASSES,
    DECLINED,
    HIRED,
    NOT_RETAINED,
    TALENT_POOL,
    TRANSFERRED,
    UNCONFIRMED,
    retention_limits,
)

logger = logging.getLogger(__name__)

PURGE_BATCH_SIZE = 100
# A run that stopped half-way (worker killed) is completed by the next one
# within this delay, so its report still says what was deleted, once.
RESUME_WITHIN = dt.timedelta(hours=20)


def _closed_before(limit: dt.datetime) -> Q:
    # Files closed before closed_at existed fall back to their last change.
    return Q(closed_at__lt=limit) | Q(closed_at__isnull=True, updated_at__lt=limit)


def purge_rules(*, policy: RetentionPolicy, now: dt.datetime) -> dict[str, Q]:
    """Which referrals of the tenant are past retention, by data class (disjoint)."""
    limits = retention_limits(policy=policy, now=now)
    confirmed = Q(consent=Consent.CONFIRMED)
    rules = {
        UNCONFIRMED: Q(consent=Consent.EXPIRED)
        | Q(consent=Consent.AWAITING, consent_requested_at__lt=limits.unconfirmed)
        | Q(
            consent=Consent.AWAITING,
            consent_requested_at__isnull=True,
            created_at__lt=limits.unconfirmed,
        ),
        DECLINED: Q(consent=Consent.DECLINED),
        NOT_RETAINED: confirmed
        & Q(status=Status.NOT_RETAINED, pool_consent_at__isnull=True)
        & _closed_before(limits.not_retained),
        TALENT_POOL: confirmed
        & Q(status=Status.NOT_RETAINED, pool_consent_at__isnull=False)
        & _closed_before(limits.talent_pool),
        # No period set: hired candidates are kept while the company needs them.
        HIRED: (confirmed & Q(status=Status.HIRED) & _closed_before(limits.hired))
        if limits.hired is not None
        else Q(pk__in=[]),
        TRANSFERRED: Q(status=Status.TRANSFERRED)
        & (
            Q(transferred_to__isnull=True)
            | Q(transferred_to__personal_data_deleted_at__isnull=False)
        ),
    }
    return rules


def _erase_if_due(*, pk: int, data_class: str, rule: Q) -> bool:
    """Erase one referral if it still matches the rule once locked; True if erased."""
    with transaction.atomic():
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of a join.
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .filter(rule, pk=pk, personal_data_deleted_at__isnull=True)
            .first()
        )
        if referral is None:  # answered, reopened or erased meanwhile
            return False
        if data_class == UNCONFIRMED and referral.consent == Consent.AWAITING:
            referral.consent = Consent.EXPIRED
            referral.save(update_fields=["consent", "updated_at"])
        referral_erase_personal_data(referral=referral)
        return True


def _add_counts(run: PurgeRun, data_class: str, erased: int) -> None:
    with transaction.atomic():
        locked = PurgeRun.objects.select_for_update().get(pk=run.pk)
        counts = {name: int(locked.counts.get(name, 0)) for name in DATA_CLASSES}
        counts[data_class] += erased
        locked.counts = counts
        locked.save(update_fields=["counts"])
    run.counts = counts


def _run_for(tenant: Tenant, now: dt.datetime) -> PurgeRun:
    unfinished = (
        PurgeRun.objects.filter(
            tenant=tenant, finished_at__isnull=True, started_at__gte=now - RESUME_WITHIN
        )
        .order_by("-started_at")
        .first()
    )
    if unfinished is not None:
        return unfinished
    return PurgeRun.objects.create(
        tenant=tenant, started_at=now, counts={name: 0 for name in DATA_CLASSES}
    )


def purge_tenant(*, tenant: Tenant) -> tuple[PurgeRun, int]:
    """Erase the tenant's personal data past retention; returns its report and how many
    referrals this call erased. Works in batches, each referral in its own transaction."""
    now = timezone.now()
    policy = retention_policy_for(tenant=tenant)
    run = _run_for(tenant, now)
    erased_total = 0
    for data_class, rule in purge_rules(policy=policy, now=now).items():
        due = Referral.objects.filter(rule, tenant=tenant, personal_data_deleted_at__isnull=True)
        last_pk = 0
        while True:
            batch = list(
                due.filter(pk__gt=last_pk)
                .order_by("pk")
                .values_list("pk", flat=True)[:PURGE_BATCH_SIZE]
            )
            if not batch:
                break
            erased = sum(_erase_if_due(pk=pk, data_class=data_class, rule=rule) for pk in batch)
            if erased:
                _add_counts(run, data_class, erased)
            erased_total += erased
            last_pk = batch[-1]
    PurgeRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db()
    logger.info("purge tenant=%s run=%s erased=%s", tenant.pk, run.pk, erased_total)
    return run, erased_total


def purge_all_tenants() -> int:
    """Run the purge for every tenant, active or not; returns how many referrals it erased.

    A tenant whose purge fails is logged and retried at the next run; the others go on.
    """
    total = 0
    # Links past their expiry open nothing: their rows (a hash, a person's e-mail key) go.
    link_tokens_delete_expired()
    for tenant in Tenant.objects.order_by("pk"):
        try:
            total += purge_tenant(tenant=tenant)[1]
        except Exception:  # noqa: BLE001 - one tenant's failure must not keep the others' data
            logger.exception("Purge failed for tenant %s", tenant.pk)
    return total
