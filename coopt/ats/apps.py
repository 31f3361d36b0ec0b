from django.apps import AppConfig


class AtsConfig(AppConfig):
    name = "coopt.ats"
    verbose_name = "ATS connectors"

    def ready(self) -> None:
        from coopt.referrals.signals import referral_progressed

        from . import receivers

        referral_progressed.connect(receivers.on_referral_progressed, dispatch_uid="ats.push")
