from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "coopt.rewards"
