from django.db import migrations, models


def keep_one_phone_per_job(apps, schema_editor):
    """Before the rule holds: the first referral of a job keeps a shared phone number's key.

    Later ones (made by a race the rule now prevents) keep their phone number and lose only
    the key, so they no longer count as the same person by phone.
    """
    Referral = apps.get_model("referrals", "Referral")
    seen = set()
    rows = (
        Referral.objects.exclude(phone_key="")
        .order_by("job_id", "created_at", "id")
        .values_list("pk", "job_id", "phone_key")
    )
    later = []
    for pk, job_id, key in rows.iterator(chunk_size=2000):
        if (job_id, key) in seen:
            later.append(pk)
        seen.add((job_id, key))
    for start in range(0, len(later), 500):
        Referral.objects.filter(pk__in=later[start : start + 500]).update(phone_key="")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_interests_by_tag_with_member"),
        ("jobs", "0001_initial"),
        ("referrals", "0002_referral_closed_at_referral_pool_consent_at"),
        ("tenants", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(keep_one_phone_per_job, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="referral",
            constraint=models.UniqueConstraint(
                condition=models.Q(("phone_key", ""), _negated=True),
                fields=("job", "phone_key"),
                name="referral_one_phone_per_job",
            ),
        ),
    ]
