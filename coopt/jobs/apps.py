from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "coopt.jobs"
