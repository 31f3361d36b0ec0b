"""The audit log (Y4): one row per thing done to personal data or to a tenant's settings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class AuditEvent(models.Model):
    """Who did what to personal data or to the tenant's settings (Y4)."""

    class Action(models.TextChoices):
        CANDIDATE_VIEWED = "candidate_viewed", _("Candidate page opened")
        CV_DOWNLOADED = "cv_downloaded", _("CV downloaded")
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        ROLE_CHANGED = "role_changed", _("Roles changed")
        MEMBER_DEACTIVATED = "member_deactivated", _("Member deactivated")
        MEMBER_REACTIVATED = "member_reactivated", _("Member reactivated")
        SETTINGS_CHANGED = "settings_changed", _("Settings changed")
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        ACCESS_REFUSED = "access_refused", _("Access refused")
        DATA_ERASED = "data_erased", _("Personal data erased")
        DATA_EXPORTED = "data_exported", _("Personal data exported to its owner")
        JOB_CLOSED = "job_closed", _("Job closed")
        TAG_CREATED = "tag_created", _("Tag created")
        TAG_CHANGED = "tag_changed", _("Tag renamed or translated")
        TAG_MERGED = "tag_merged", _("Tags merged")
        TAG_ARCHIVED = "tag_archived", _("Tag archived")
        TAG_UNARCHIVED = "tag_unarchived", _("Tag restored")
        TENANT_CREATED = "tenant_created", _("Company created by the operator")
        TENANT_SUSPENDED = "tenant_suspended", _("Company suspended by the operator")
        TENANT_REACTIVATED = "tenant_reactivated", _("Company reactivated by the operator")
        OPERATOR_STAFF_CREATED = "operator_staff_created", _("Operator staff account created")
        CANDIDATE_FORWARDED = "candidate_forwarded", _("Candidate forwarded to the client")
        CANDIDATE_DECLINED = "candidate_declined", _("Candidate declined at qualification")
        JOB_POST_APPROVED = "job_post_approved", _("A member's job ad approved")
        JOB_POST_DECLINED = "job_post_declined", _("A member's job ad declined")
        API_TOKEN_CREATED = "api_token_created", _("API token created")
        API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
        JOB_CREATED = "job_created", _("Job created")
        JOB_CHANGED = "job_changed", _("Job changed")
        JOB_PUBLISHED = "job_published", _("Job published")
        REFERRAL_MOVED = "referral_moved", _("Candidate moved in the pipeline")
        NOTE_ADDED = "note_added", _("Note added on a candidate")
        WEBHOOK_CREATED = "webhook_created", _("Webhook endpoint added")
        WEBHOOK_CHANGED = "webhook_changed", _("Webhook endpoint changed")
        WEBHOOK_DELETED = "webhook_deleted", _("Webhook endpoint deleted")
        WEBHOOK_SECRET_ROTATED = "webhook_secret_rotated", _("Webhook signing secret rotated")
        WEBHOOK_ENABLED = "webhook_enabled", _("Webhook endpoint enabled")
        WEBHOOK_DISABLED = "webhook_disabled", _("Webhook endpoint disabled")
        WEBHOOK_REDELIVERED = "webhook_redelivered", _("Webhook delivery sent again")
        FEED_SOURCE_CREATED = "feed_source_created", _("Job feed added")
        FEED_SOURCE_CHANGED = "feed_source_changed", _("Job feed changed")
        FEED_SOURCE_DELETED = "feed_source_deleted", _("Job feed deleted")
        FEED_RUN = "feed_run", _("Job feed run by hand")
        EXTERNAL_NAME_MAPPED = "external_name_mapped", _("Job feed name mapped to a tag")
        SSO_SETTINGS_SAVED = "sso_settings_saved", _("Single sign-on settings saved")
        MEMBER_JOINED_BY_SSO = "member_joined_by_sso", _("Member joined by single sign-on")
        ATS_CONNECTION_SAVED = "ats_connection_saved", _("ATS connection saved")
        ATS_SYNC_RUN = "ats_sync_run", _("ATS sync run by hand")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, null=True, related_name="+")
    # The account that acted (a member); None for the system, an API token or someone not
    # signed in, named in ``details["by"]`` instead (``Actor.by``).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=24, choices=Action)
    # What it was about, as "<kind>:<id>" (e.g. "referral:42"); never personal data.
    target = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # The table the model had in the privacy app: it moved here without its rows moving.
        db_table = "privacy_auditevent"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "-created_at"]),
            models.Index(fields=["tenant", "action", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target}"
