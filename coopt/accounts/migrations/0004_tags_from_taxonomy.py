"""Members' location and interests point to tags in their new app (state only: same tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_interests_by_tag_with_member"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="membership",
                    name="location",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="taxonomy.tag",
                        verbose_name="location",
                    ),
                ),
                migrations.AlterField(
                    model_name="membership",
                    name="interests",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="interested_memberships",
                        to="taxonomy.tag",
                        verbose_name="interests",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
