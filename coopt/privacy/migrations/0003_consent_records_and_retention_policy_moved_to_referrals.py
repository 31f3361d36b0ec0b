# Consent records and the retention policy moved to the referrals app (its 0004 takes the
# models over, on these same tables): the models leave this app's state only; the tables and
# their rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0002_auditevent_moved_to_audit'),
        ('referrals', '0004_consent_records_and_retention_policy_from_privacy'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ConsentRecord'),
                migrations.DeleteModel(name='RetentionPolicy'),
            ],
            database_operations=[],
        ),
    ]
