from django.apps import AppConfig


class GamificationConfig(AppConfig):
    name = "coopt.gamification"

    def ready(self) -> None:
        from coopt.network.signals import sponsee_joined
        from coopt.referrals.signals import referral_progressed

        from . import receivers

        referral_progressed.connect(
            receivers.on_referral_progressed, dispatch_uid="gamification.points"
        )
        sponsee_joined.connect(receivers.on_sponsee_joined, dispatch_uid="gamification.sponsor")
