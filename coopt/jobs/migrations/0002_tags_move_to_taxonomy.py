"""Tags leave the jobs app for their own (state only: the table ``jobs_tag`` stays)."""

import django.db.models.deletion
from django.db import migrations, models


def _tag_key(name: str, kind: str, verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True,
        limit_choices_to={"kind": kind},
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="taxonomy.tag",
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_tags_from_taxonomy"),
        ("gamification", "0002_tags_from_taxonomy"),
        ("jobs", "0001_initial"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(
                    migrations.AlterField(
                        model_name=model,
                        name=name,
                        field=_tag_key(name, kind, verbose_name),
                    )
                    for model in ("job", "jobtemplate")
                    for name, kind, verbose_name in (
                        ("job_family", "family", "job family"),
                        ("sector", "sector", "sector"),
                    )
                ),
                migrations.AlterField(
                    model_name="job",
                    name="locations",
                    field=models.ManyToManyField(
                        blank=True,
                        limit_choices_to={"kind": "location"},
                        related_name="jobs",
                        to="taxonomy.tag",
                        verbose_name="locations",
                    ),
                ),
                migrations.DeleteModel(name="Tag"),
            ],
            database_operations=[],
        ),
    ]
