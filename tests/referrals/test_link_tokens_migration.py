"""Consent links sent before the tokens were stored hashed keep opening after the migration."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from coopt.referrals.models import LinkToken

from .. import factories as f

BEFORE = [("referrals", "0005_consent_refused")]
AFTER = [("referrals", "0006_link_tokens_hashed")]


def _migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_consent_link_sent_before_still_opens_and_only_its_hash_is_kept(world):
    referral = f.refer(referrer=world.member, job=world.job)
    LinkToken.objects.all().delete()
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("referrals", "Referral")
    sent = "an-old-consent-token-of-24-bytes-abcdefghij"
    old.objects.filter(pk=referral.pk).update(consent_token=sent)

    _migrate(AFTER)

    row = LinkToken.objects.get()
    assert (row.referral_id, row.purpose, row.expires_at) == (referral.pk, "consent", None)
    assert row.token_hash == hashlib.sha256(sent.encode()).hexdigest()
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "referrals_referral"
        )
    ]
    assert "consent_token" not in columns
    # Back to the latest schema (later migrations add columns the models read).
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(latest)
    assert Client(HTTP_HOST="acme.localhost").get(f"/c/{sent}/").status_code == 200
