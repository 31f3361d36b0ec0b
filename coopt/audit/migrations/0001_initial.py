# The audit log moved here from the privacy app. Its table stays as it is, rows and all:
# this migration only tells Django's state that the model now lives in this app, on the
# privacy app's table (privacy 0002 removes it from that app's state, no SQL either).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('privacy', '0001_initial'),
        ('tenants', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('candidate_viewed', 'Candidate page opened'), ('cv_downloaded', 'CV downloaded'), ('export', 'Export'), ('import', 'Import'), ('role_changed', 'Roles changed'), ('member_deactivated', 'Member deactivated'), ('member_reactivated', 'Member reactivated'), ('settings_changed', 'Settings changed'), ('signed_in', 'Signed in'), ('sign_in_failed', 'Sign-in failed'), ('access_refused', 'Access refused'), ('data_erased', 'Personal data erased'), ('data_exported', 'Personal data exported to its owner')], max_length=24)),
                        ('target', models.CharField(blank=True, max_length=64)),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                        ('details', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('tenant', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenants.tenant')),
                    ],
                    options={
                        'db_table': 'privacy_auditevent',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['tenant', '-created_at'], name='privacy_aud_tenant__dc3480_idx'), models.Index(fields=['tenant', 'action', '-created_at'], name='privacy_aud_tenant__caf681_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
