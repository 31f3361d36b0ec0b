from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "coopt.rewards"

    def ready(self) -> None:
        from coopt.referrals.signals import referral_progressed

        from . import receivers

        referral_progressed.connect(receivers.on_referral_progressed, dispatch_uid="rewards.ledger")
