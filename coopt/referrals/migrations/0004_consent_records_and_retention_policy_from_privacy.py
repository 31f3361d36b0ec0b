# Consent records and the retention policy move here from the privacy app, next to the
# referral they are about. Their tables stay as they are, rows and all: this migration only
# tells Django's state that the models now live in this app, on the privacy app's tables
# (privacy 0003 removes them from that app's state, no SQL either), and hands their content
# types (and so their permissions) over to this app.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

MODELS = ("consentrecord", "retentionpolicy")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="referrals", model=model).exists():
            ContentType.objects.filter(app_label="privacy", model=model).update(
                app_label="referrals"
            )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="privacy", model=model).exists():
            ContentType.objects.filter(app_label="referrals", model=model).update(
                app_label="privacy"
            )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('privacy', '0002_auditevent_moved_to_audit'),
        ('referrals', '0003_one_phone_per_job'),
        ('tenants', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ConsentRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email_key', models.CharField(blank=True, db_index=True, max_length=254)),
                        ('kind', models.CharField(choices=[('processing', 'Processing for a job'), ('talent_pool', 'Staying in the talent pool')], max_length=12)),
                        ('action', models.CharField(choices=[('given', 'Given'), ('withdrawn', 'Withdrawn')], max_length=10)),
                        ('text_version', models.CharField(max_length=40)),
                        ('channel', models.CharField(choices=[('email_link', 'Link in an e-mail'), ('public_form', 'Public application form'), ('member_space', 'Member space'), ('self_service', 'Personal data page')], max_length=14)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('referral', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='consents', to='referrals.referral')),
                        ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenants.tenant')),
                    ],
                    options={
                        'db_table': 'privacy_consentrecord',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['tenant', '-created_at'], name='privacy_con_tenant__d49af8_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='RetentionPolicy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('unconfirmed_days', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(7), django.core.validators.MaxValueValidator(30)], verbose_name='referral not confirmed by the person (days)')),
                        ('not_retained_months', models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)], verbose_name='candidate not retained (months)')),
                        ('talent_pool_months', models.PositiveSmallIntegerField(default=24, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(24)], verbose_name='candidate who agreed to stay in the talent pool (months)')),
                        ('hired_months', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(120)], verbose_name='hired candidate (months, empty: kept while needed)')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('tenant', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='retention_policy', to='tenants.tenant')),
                    ],
                    options={
                        'db_table': 'privacy_retentionpolicy',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
