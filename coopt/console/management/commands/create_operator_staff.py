"""Create an account of the operator's staff, who sign in to the console on its own host."""

import getpass
import os
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopt.audit.actors import Actor
from coopt.console.services import OperatorStaffExists, operator_staff_create

PASSWORD_VARIABLE = "COOPT_OPERATOR_PASSWORD"  # noqa: S105 - the variable's name


class Command(BaseCommand):
    help = (
        "Create an operator staff account (is_staff, no tenant). The password is asked for, "
        f"or read from ${PASSWORD_VARIABLE}. Two-factor sign-in is set up at the first sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        password = os.environ.get(PASSWORD_VARIABLE) or getpass.getpass("Password: ")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        try:
            user = operator_staff_create(
                actor=Actor.system("create_operator_staff"), email=email, password=password
            )
        except OperatorStaffExists as error:
            raise CommandError(f"An account with the e-mail {email} exists already.") from error
        scheme = settings.COOPT_URL_SCHEME
        port = f":{settings.COOPT_URL_PORT}" if settings.COOPT_URL_PORT else ""
        self.stdout.write(
            f"Created {user.email}. Sign in at {scheme}://{settings.COOPT_OPERATOR_HOST}{port}/ "
            "and set up an authenticator app."
        )
