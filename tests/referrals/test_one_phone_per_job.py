"""One person per job by phone number too (R2), held by the database, not only by a check.

The concurrent case (32 members at once) is in tests/integration/test_concurrent_referrals.py.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coopt.referrals.models import Referral
from coopt.referrals.services import ReferralData, ReferralRefused, referral_submit
from coopt.referrals.services.submit import _create

from .. import factories as f


def data(**overrides: str) -> ReferralData:
    values = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane@example.org",
        "phone": "06 12 34 56 78",
        "relationship": "Colleague",
        "motivation": "Sharp",
    }
    values.update(overrides)
    return ReferralData(**values)


def test_the_same_phone_under_another_address_is_the_same_person(world):
    referral_submit(member=world.member, job=world.job, data=data())
    other = f.make_member(world.acme)
    with pytest.raises(ReferralRefused) as refused:
        referral_submit(
            member=other, job=world.job, data=data(email="j.doe@other.org", phone="+33612345678")
        )
    assert refused.value.code == "already_referred"
    assert Referral.objects.filter(job=world.job).count() == 1


def test_a_lost_race_on_the_phone_is_refused_by_the_database(world):
    """Both submissions passed the check before either was written: the rule still holds."""
    first = referral_submit(member=world.member, job=world.job, data=data())
    twin = Referral.objects.get(pk=first.pk)
    twin.pk = None
    twin.email_key = "someone.else@example.org"
    with pytest.raises(ReferralRefused) as refused:
        _create(twin, "already put forward")
    assert refused.value.message == "already put forward"
    assert Referral.objects.filter(job=world.job).count() == 1


def test_people_without_a_phone_are_not_one_person(world):
    referral_submit(member=world.member, job=world.job, data=data(phone=""))
    referral_submit(member=world.member, job=world.job, data=data(email="bob@x.org", phone=""))
    assert Referral.objects.filter(job=world.job).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_phone_key_on_the_first_referral_only(world):
    executor = MigrationExecutor(connection)
    before = [("referrals", "0002_referral_closed_at_referral_pool_consent_at")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("referrals", "Referral")
    rows = [
        old.objects.create(
            tenant_id=world.acme.pk,
            job_id=world.job.pk,
            referrer_id=world.member.pk,
            source="referral",
            email=f"p{n}@example.org",
            email_key=f"p{n}@example.org",
            phone_key="+33612345678",
        )
        for n in range(3)
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to where every test stands
    keys = dict(Referral.objects.filter(job=world.job).values_list("pk", "phone_key"))
    assert keys == {rows[0].pk: "+33612345678", rows[1].pk: "", rows[2].pk: ""}
