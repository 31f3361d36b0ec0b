from django.apps import AppConfig


class GamificationConfig(AppConfig):
    name = "coopt.gamification"
