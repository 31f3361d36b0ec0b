from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "coopt.audit"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import receivers

        # Sign-ins and failed sign-ins go to the audit log (Y4).
        user_logged_in.connect(receivers.record_sign_in, dispatch_uid="coopt_audit_sign_in")
        user_login_failed.connect(
            receivers.record_sign_in_failure, dispatch_uid="coopt_audit_sign_in_failure"
        )
