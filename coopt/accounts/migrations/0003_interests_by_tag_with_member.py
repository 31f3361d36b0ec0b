"""The interests by tag with the member in the index: the audience of a job (D1) reads
the interests of its tags, one row per follower, from the index alone."""

from django.db import migrations

TABLE = "accounts_membership_interests"
INDEX = "accounts_interests_tag_member"


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON {TABLE} (tag_id, membership_id)",
            reverse_sql=f"DROP INDEX {INDEX}",
        ),
    ]
