"""The operator's staff and a client on the operator's host."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.test import Client
from django.urls import reverse

from coopt.accounts.models import User

from .. import factories as f

OPERATOR_URLCONF = "config.urls_operator"


def console_url(name: str, *args: object) -> str:
    return reverse(name, args=args, urlconf=OPERATOR_URLCONF)


def operator_host() -> str:
    return settings.COOPT_OPERATOR_HOST


def make_operator(email: str = "ops@operator.test", *, with_totp: bool = True) -> User:
    user = User.objects.create_user(email, f.PASSWORD, is_staff=True)
    if with_totp:
        TOTP.activate(user, f.TOTP_SECRET)
    return user


def client_as(user: User | None) -> Client:
    client = Client(HTTP_HOST=operator_host())
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def operator(db: None) -> User:
    return make_operator()


@pytest.fixture
def operator_client(operator: User) -> Client:
    return client_as(operator)
