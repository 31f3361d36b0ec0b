"""Consent records and retention policies moved from the privacy app to the referrals app:
same tables, same rows, same links, and their content types (with their permissions)."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coopt.referrals.models import ConsentRecord, Referral, RetentionPolicy
from coopt.tenants.models import Tenant

from .. import factories as f

BEFORE_THE_MOVE = [("referrals", "0003_one_phone_per_job")]


@pytest.mark.django_db(transaction=True)
def test_consent_records_and_policies_keep_their_rows_and_links_across_the_move(world):
    referral = f.refer(referrer=world.member, job=world.job, email="jane@example.org")
    content_type = ContentType.objects.get_for_model(ConsentRecord)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)  # both models back in the privacy app
    old_apps = executor.loader.project_state(
        [("privacy", "0002_auditevent_moved_to_audit"), *BEFORE_THE_MOVE]
    ).apps
    OldConsentRecord = old_apps.get_model("privacy", "ConsentRecord")
    OldRetentionPolicy = old_apps.get_model("privacy", "RetentionPolicy")
    record = OldConsentRecord.objects.create(
        tenant_id=world.acme.pk,
        referral_id=referral.pk,
        email_key="jane@example.org",
        kind="talent_pool",
        action="given",
        text_version="2026-11-21",
        channel="public_form",
    )
    OldRetentionPolicy.objects.filter(tenant_id=world.globex.pk).delete()
    policy = OldRetentionPolicy.objects.create(
        tenant_id=world.globex.pk, unconfirmed_days=14, not_retained_months=6, hired_months=60
    )
    old_content_type = old_apps.get_model("contenttypes", "ContentType").objects.get(
        pk=content_type.pk
    )
    assert old_content_type.app_label == "privacy"

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to where every test stands
    ContentType.objects.clear_cache()

    moved = ConsentRecord.objects.get(pk=record.pk)
    assert (moved.tenant_id, moved.email_key, moved.text_version) == (
        world.acme.pk,
        "jane@example.org",
        "2026-11-21",
    )
    assert (moved.kind, moved.action, moved.channel) == (
        ConsentRecord.Kind.TALENT_POOL,
        ConsentRecord.Action.GIVEN,
        ConsentRecord.Channel.PUBLIC_FORM,
    )
    assert moved.referral == referral
    assert moved in Referral.objects.get(pk=referral.pk).consents.all()
    globex_policy = Tenant.objects.get(pk=world.globex.pk).retention_policy
    assert globex_policy.pk == policy.pk
    assert (
        globex_policy.unconfirmed_days,
        globex_policy.not_retained_months,
        globex_policy.talent_pool_months,
        globex_policy.hired_months,
    ) == (14, 6, 24, 60)
    assert RetentionPolicy.objects.get(tenant=world.globex) == globex_policy
    assert ContentType.objects.get_for_model(ConsentRecord).pk == content_type.pk


def test_their_content_types_and_permissions_belong_to_the_referrals_app(db):
    for model in (ConsentRecord, RetentionPolicy):
        content_type = ContentType.objects.get_for_model(model)
        assert content_type.app_label == "referrals"
        name = model._meta.model_name
        assert not ContentType.objects.filter(app_label="privacy", model=name).exists()
        assert Permission.objects.filter(
            content_type=content_type, codename=f"view_{name}"
        ).exists()
