import hashlib
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .colours import Palette, palette

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


def default_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class Tenant(models.Model):
    """A client company: its brand, languages and programme mode (T1)."""

    class Mode(models.TextChoices):
        INTERNAL = "internal", _("Employees")
        NETWORK = "network", _("Network of outside members")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("subdomain"), max_length=63, unique=True)
    mode = models.CharField(_("programme mode"), max_length=16, choices=Mode, default=Mode.INTERNAL)
    logo = models.FileField(_("logo"), upload_to="tenants/logos/", blank=True)
    favicon = models.FileField(_("favicon"), upload_to="tenants/favicons/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f4e79", validators=[colour_validator]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#e07a1f", validators=[colour_validator]
    )
    email_sender_name = models.CharField(_("e-mail sender name"), max_length=120, blank=True)
    email_sender_address = models.EmailField(_("e-mail sender address"), blank=True)
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    enabled_languages = models.JSONField(_("enabled languages"), default=default_languages)
    # The country of a location that names none (schema.org's addressCountry, ISO 3166-1).
    default_country = CountryField(_("default country"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name

    @property
    def brand_version(self) -> str:
        """Changes with the colours, logo or favicon. Their URLs carry it (``?v=``): browsers
        keep those files for minutes to an hour, and a new brand must show at once."""
        parts = (
            self.primary_colour,
            self.accent_colour,
            self.logo.name or "",
            self.favicon.name or "",
        )
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]

    @cached_property
    def primary_domain(self) -> str:
        """Read once per instance: e-mails for thousands of members ask it each time."""
        domain = self.domains.filter(is_primary=True).first() or self.domains.first()
        if domain is not None:
            return domain.domain
        return f"{self.slug}.{settings.COOPT_BASE_DOMAIN}"

    def base_url(self) -> str:
        """Absolute root URL of this tenant, for links in e-mails."""
        port = f":{settings.COOPT_URL_PORT}" if settings.COOPT_URL_PORT else ""
        return f"{settings.COOPT_URL_SCHEME}://{self.primary_domain}{port}"

    def absolute_url(self, path: str) -> str:
        return self.base_url() + path

    @property
    def from_email(self) -> str:
        address = self.email_sender_address or settings.DEFAULT_FROM_EMAIL
        name = self.email_sender_name or self.name
        return f'"{name}" <{address}>'

    @property
    def palette(self) -> Palette:
        """Its colours with the text colours that read on them (pages and e-mails)."""
        return palette(primary=self.primary_colour, accent=self.accent_colour)

    def language_choices(self) -> list[tuple[str, str]]:
        return [(c, n) for c, n in settings.LANGUAGES if c in self.enabled_languages]


class Domain(models.Model):
    """A host name that serves a tenant: a custom domain or a subdomain."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("domain"), max_length=253, unique=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.domain = self.domain.lower().strip()
        super().save(*args, **kwargs)
