from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "coopt.referrals"
