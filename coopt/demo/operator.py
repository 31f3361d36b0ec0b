"""The demo's operator staff account, who signs in to the operator console."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from coopt.accounts.models import User
from coopt.audit.actors import Actor
from coopt.console.services import operator_staff_create

from .brands import PASSWORD, TOTP_SECRET

OPERATOR_EMAIL = "operateur@coopt.localhost"


def seed_operator() -> User:
    """Create the operator staff account once, with the demo's TOTP secret (idempotent)."""
    user = User.objects.filter(email=OPERATOR_EMAIL).first()
    if user is None:
        user = operator_staff_create(
            actor=Actor.system("seed_demo"), email=OPERATOR_EMAIL, password=PASSWORD
        )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


def console_url() -> str:
    port = f":{settings.COOPT_URL_PORT}" if settings.COOPT_URL_PORT else ""
    return f"{settings.COOPT_URL_SCHEME}://{settings.COOPT_OPERATOR_HOST}{port}/"


def describe_operator() -> list[str]:
    return [
        f"Operator console: {console_url()}",
        f"  {OPERATOR_EMAIL}  (password {PASSWORD}) + two-factor code:",
        f"    .venv/bin/python manage.py demo_totp_code {OPERATOR_EMAIL}",
        "",
    ]
