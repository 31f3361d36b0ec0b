"""Tags move here from the jobs app: the model only, the table ``jobs_tag`` stays."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="taxonomy", model="tag").exists():
        ContentType.objects.filter(app_label="jobs", model="tag").update(app_label="taxonomy")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="jobs", model="tag").exists():
        ContentType.objects.filter(app_label="taxonomy", model="tag").update(app_label="jobs")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("jobs", "0001_initial"),
        ("tenants", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tag",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("location", "Location"),
                                    ("family", "Job family"),
                                    ("sector", "Sector"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        ("name", models.CharField(max_length=80, verbose_name="name")),
                        (
                            "tenant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tags",
                                to="tenants.tenant",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "jobs_tag",
                        "ordering": ["kind", "name"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("tenant", "kind", "name"), name="tag_unique_name"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
