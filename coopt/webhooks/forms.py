"""The endpoint form: a URL the outbound guard will accept, and the events to send."""

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coopt.lib.outbound import DEFAULT_PORTS, DOTTED_DECIMAL, NUMERIC_HOST, Refused, check_address

from .models import Event

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def validate_webhook_url(url: str) -> None:
    """The guard's rules that do not need the network (``coopt.lib.outbound``): http or
    https, no credentials, an allowed port, and an IP written out must be a public one. The
    host name is resolved and checked again at each delivery."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise ValidationError(_("Enter a valid URL.")) from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValidationError(_("The URL must start with https:// or http://."))
    if parts.username is not None or parts.password is not None:
        raise ValidationError(_("Leave the user name and password out of the URL."))
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValidationError(_("Enter a valid URL."))
    if NUMERIC_HOST.fullmatch(host) and not DOTTED_DECIMAL.fullmatch(host):
        raise ValidationError(_("Write an IP address as four decimal numbers."))
    port = DEFAULT_PORTS[scheme] if port is None else port
    loopback_allowed = getattr(settings, "COOPT_OUTBOUND_ALLOW_LOOPBACK", False)
    if loopback_allowed and host in LOOPBACK_NAMES:
        return
    if port not in getattr(settings, "COOPT_OUTBOUND_PORTS", (80, 443)):
        raise ValidationError(_("This port is not allowed: use the standard ports 443 or 80."))
    if host == "localhost" or host.endswith(".localhost"):
        raise ValidationError(_("The URL must point to a public address."))
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return  # a name: resolved and checked at each delivery
    try:
        check_address(host, port)
    except Refused as error:
        raise ValidationError(_("The URL must point to a public address.")) from error


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        validators=[validate_webhook_url],
        help_text=_("Coopt sends each event to this address with a POST request."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    def cleaned(self) -> dict[str, Any]:
        return {
            "url": self.cleaned_data["url"],
            "description": self.cleaned_data["description"],
            "events": list(self.cleaned_data["events"]),
        }
