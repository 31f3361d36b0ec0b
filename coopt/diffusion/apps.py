from django.apps import AppConfig


class DiffusionConfig(AppConfig):
    name = "coopt.diffusion"
