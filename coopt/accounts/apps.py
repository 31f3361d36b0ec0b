from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coopt.accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import session_timer_start

        user_logged_in.connect(session_timer_start, dispatch_uid="coopt-session-timer-start")
