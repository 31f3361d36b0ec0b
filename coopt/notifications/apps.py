from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "coopt.notifications"
