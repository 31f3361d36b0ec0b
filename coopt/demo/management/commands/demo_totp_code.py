"""Print the current two-factor code of a demo account, to sign in to the demo."""

import time
from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.accounts.models import User
from coopt.demo.brands import TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the current TOTP code of a demo account (e.g. recruteuse@acme.localhost, or the "
        "operator console's operateur@coopt.localhost). "
        "Works only for accounts that use the demo secret set by seed_demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The demo account's e-mail address.")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail {email}.")
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{user.email} has no two-factor sign-in set up.")
        if decrypt(authenticator.data["secret"]) != TOTP_SECRET:
            raise CommandError(
                f"{user.email} is not a demo account: its two-factor secret is its own."
            )
        period = app_settings.TOTP_PERIOD
        now = int(time.time())
        # The code alone on standard output (for scripts), the hint on its own line after it.
        self.stdout.write(format_hotp_value(hotp_value(TOTP_SECRET, now // period)))
        self.stdout.flush()
        self.stderr.write(f"(valid for {period - now % period} more seconds; each code works once)")
