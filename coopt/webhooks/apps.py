from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "coopt.webhooks"

    def ready(self) -> None:
        from coopt.jobs.signals import job_status_changed
        from coopt.referrals.signals import referral_progressed

        from . import receivers

        referral_progressed.connect(
            receivers.on_referral_progressed, dispatch_uid="webhooks.referral"
        )
        job_status_changed.connect(receivers.on_job_status_changed, dispatch_uid="webhooks.job")
