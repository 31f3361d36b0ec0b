from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "coopt.privacy"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import audit

        # Sign-ins and failed sign-ins go to the audit log (Y4).
        user_logged_in.connect(audit.record_sign_in, dispatch_uid="coopt_audit_sign_in")
        user_login_failed.connect(
            audit.record_sign_in_failure, dispatch_uid="coopt_audit_sign_in_failure"
        )
