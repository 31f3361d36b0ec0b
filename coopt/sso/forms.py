"""The admin's single sign-on settings form (M2)."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SsoSettings

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
SECRET_MASK = "••••••••"  # noqa: S105 - what the page shows in place of a secret


class SsoSettingsForm(forms.ModelForm):
    # Never shown back: left empty, the saved secret stays.
    oidc_client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        max_length=512,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = SsoSettings
        fields = [
            "protocol",
            "enabled",
            "oidc_issuer",
            "oidc_client_id",
            "oidc_client_secret",
            "saml_entity_id",
            "saml_sso_url",
            "saml_x509_certificate",
            "saml_metadata_url",
            "allowed_domains",
            "password_sign_in",
            "trust_idp_mfa",
            "mfa_contexts",
        ]
        labels = {
            "protocol": _("Protocol"),
            "enabled": _("Single sign-on is on"),
            "oidc_issuer": _("Issuer URL"),
            "oidc_client_id": _("Client ID"),
            "saml_entity_id": _("Identity provider's entity ID"),
            "saml_sso_url": _("Identity provider's single sign-on URL"),
            "saml_x509_certificate": _("Identity provider's signing certificate (X.509, PEM)"),
            "saml_metadata_url": _("Identity provider's metadata URL"),
            "allowed_domains": _("E-mail domains that join on first sign-in"),
            "password_sign_in": _("Members may still sign in with a password"),
            "trust_idp_mfa": _("Trust the identity provider's two-factor authentication"),
            "mfa_contexts": _("Authentication contexts that mean two factors"),
        }
        help_texts = {
            "oidc_issuer": _(
                "The https address the provider names as its issuer; its discovery document "
                "is read at /.well-known/openid-configuration."
            ),
            "saml_metadata_url": _(
                "Instead of the single sign-on URL and certificate, the provider's metadata "
                "address (https)."
            ),
            "allowed_domains": _(
                "One per line, e.g. example.com. A person whose verified address is in one of "
                "them becomes a member on their first sign-in; others need an invitation."
            ),
            "password_sign_in": _(
                "Off: members sign in only through single sign-on. Recruiters and admins keep "
                "their password and two-factor code."
            ),
            "trust_idp_mfa": _(
                "On: a recruiter or admin whose sign-in at the provider used a second factor "
                "is not asked for the product's two-factor code."
            ),
            "mfa_contexts": _(
                "One per line: OpenID Connect acr values, or SAML AuthnContextClassRef values, "
                "that your provider sends for a sign-in with a second factor."
            ),
        }
        widgets = {
            "allowed_domains": forms.Textarea(attrs={"rows": 3}),
            "mfa_contexts": forms.Textarea(attrs={"rows": 3}),
            "saml_x509_certificate": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.oidc_client_secret:
            self.fields["oidc_client_secret"].help_text = _(
                "Saved: %(mask)s. Leave empty to keep it; type a new one to replace it."
            ) % {"mask": masked_secret(self.instance.oidc_client_secret)}
        self.fields["oidc_client_secret"].initial = ""

    def clean_allowed_domains(self) -> str:
        domains = _lines(self.cleaned_data.get("allowed_domains", ""))
        wrong = [d for d in domains if not DOMAIN.match(d)]
        if wrong:
            raise forms.ValidationError(
                _("Not an e-mail domain: %(domains)s. Write one domain per line, e.g. example.com.")
                % {"domains": ", ".join(wrong)}
            )
        return "\n".join(domains)

    def clean_mfa_contexts(self) -> str:
        return "\n".join(_lines(self.cleaned_data.get("mfa_contexts", ""), lower=False))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("oidc_issuer", "saml_sso_url", "saml_metadata_url"):
            url = data.get(name) or ""
            if url and not url.startswith("https://"):
                self.add_error(name, _("The address must start with https://."))
        if not data.get("enabled"):
            return data
        if data.get("protocol") == SsoSettings.Protocol.OIDC:
            self._require("oidc_issuer", _("Give the issuer URL to turn single sign-on on."))
            self._require("oidc_client_id", _("Give the client ID to turn single sign-on on."))
            if not data.get("oidc_client_secret") and not self.instance.oidc_client_secret:
                self.add_error(
                    "oidc_client_secret", _("Give the client secret to turn single sign-on on.")
                )
        else:
            self._require("saml_entity_id", _("Give the identity provider's entity ID."))
            if not data.get("saml_metadata_url"):
                self._require(
                    "saml_sso_url", _("Give the single sign-on URL, or the metadata URL instead.")
                )
                self._require(
                    "saml_x509_certificate",
                    _("Give the signing certificate, or the metadata URL instead."),
                )
        return data

    def _require(self, name: str, message: object) -> None:
        if not self.cleaned_data.get(name) and name not in self.errors:
            self.add_error(name, str(message))

    def values(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def masked_secret(secret: str) -> str:
    """The secret as the page shows it: never more than its last four characters."""
    return SECRET_MASK + secret[-4:] if len(secret) >= 12 else SECRET_MASK


def _lines(text: str, *, lower: bool = True) -> list[str]:
    values = (line.strip() for line in (text or "").replace(",", "\n").splitlines())
    return [value.lower() if lower else value for value in values if value]
