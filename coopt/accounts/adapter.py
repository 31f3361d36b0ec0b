from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from coopt.lib.ratelimit import client_ip, sign_in_refused, too_many_requests
from coopt.notifications.language import reader_language
from coopt.notifications.services import email_queue_text

from .models import Membership, User
from .sign_in_limits import (
    account_failure_add,
    account_wait,
    is_known_device,
    remember_device,
)


class AccountAdapter(DefaultAccountAdapter):
    """Sign-in inside a tenant: no open sign-up, membership required, branded mail.

    On the operator's host, which has no tenant, only the operator's staff sign in."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        tenant = getattr(request, "tenant", None)
        if tenant is None:
            # The operator's host (no tenant): its console is for the operator's staff only.
            refused = not user.is_staff
        else:
            refused = not Membership.objects.filter(
                tenant=tenant, user=user, is_active=True
            ).exists()
        if refused:
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """allauth's per-key limit counts failures per account *and* client address."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        self._coopt_login_key = self._get_login_attempts_cache_key(request, **credentials)
        self._coopt_account_wait = None
        login = _login_of(credentials)
        wait = account_wait(login) if login else None
        if wait is not None:
            user = User.objects.filter(email__iexact=login).only("pk").first()
            if user is None or not is_known_device(request, user_id=user.pk):
                self._coopt_account_wait = wait
                raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        if login := _login_of(credentials):
            account_failure_add(login)
        super().authentication_failed(request, **credentials)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        remember_device(response, user_id=user.pk)
        return response

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        """A sign-in step over the rate limits is a 429 with Retry-After, not a form error."""
        if code == "too_many_login_attempts" and context.request is not None:
            account_wait_seconds = getattr(self, "_coopt_account_wait", None)
            if account_wait_seconds is not None:
                raise ImmediateHttpResponse(
                    too_many_requests(context.request, retry_after=account_wait_seconds)
                )
            login_key = getattr(self, "_coopt_login_key", None)
            raise ImmediateHttpResponse(sign_in_refused(context.request, login_key=login_key))
        return super().validation_error(code, *args)

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        """allauth's messages in the language the next page speaks: the signed-in user's own.

        A message is rendered when it is added, while the request still speaks the browser's
        language (the user was not signed in when the request began).
        """
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        with translation.override(language or translation.get_language()):
            super().add_message(
                request, level, message_template, message_context, extra_tags, message
            )

    def get_from_email(self) -> str:
        request = self.request
        tenant = getattr(request, "tenant", None)
        return tenant.from_email if tenant is not None else super().get_from_email()

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's message in the user's language and put it in the outbox."""
        request = self.request
        tenant = getattr(request, "tenant", None)
        language = _language_for_email(email, tenant)
        ctx = {
            "request": request,
            "email": email,
            "tenant": tenant,
            # allauth's messages greet with and sign as the site: here, the company.
            "current_site": _TenantSite(tenant, request),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        email_queue_text(
            tenant=tenant,
            to=email,
            subject=str(message.subject),
            text=str(message.body),
            html=html or None,
            language=language,
            template=template_prefix.rsplit("/", 1)[-1],
        )


class _TenantSite:
    """What allauth's e-mail templates read of ``current_site``: the company and its host."""

    def __init__(self, tenant: Any, request: HttpRequest | None) -> None:
        self.name = tenant.name if tenant is not None else settings.COOPT_OPERATOR_BRAND
        self.domain = request.get_host() if request is not None else ""

    def __str__(self) -> str:
        return self.name


def _login_of(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()


def _language_for_email(email: str, tenant: Any) -> str:
    """The account's language, else the page's the visitor reads (they chose it there)."""
    from .models import User

    user = User.objects.filter(email__iexact=email).only("language").first()
    chosen = user.language if user is not None else ""
    return reader_language(chosen or translation.get_language(), tenant)
