from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "coopt.console"
