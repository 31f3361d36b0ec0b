import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from coopt.backoffice.forms.settings import IMAGE_SIDES
from coopt.tenants.images import clean_image
from coopt.tenants.models import Domain, Tenant

from .services import RESERVED_SLUGS, TenantSpec

# A host name: labels of letters, digits and hyphens, at least one dot.
HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


class TenantForm(forms.Form):
    """A new tenant, as the operator opens it; duplicates are caught here and in the service."""

    name = forms.CharField(label=_("Company name"), max_length=120)
    slug = forms.SlugField(
        label=_("Subdomain"),
        max_length=63,
        help_text=_("Lower-case letters, digits and hyphens; the company's address under ours."),
    )
    mode = forms.ChoiceField(label=_("Programme mode"), choices=Tenant.Mode.choices)
    domains = forms.CharField(
        label=_("Custom domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. careers.example.com. The first one is the main address."),
    )
    enabled_languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    default_language = forms.ChoiceField(label=_("Default language"), choices=settings.LANGUAGES)
    primary_colour = forms.CharField(
        label=_("Primary colour"),
        initial="#1f4e79",
        validators=[colour],
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    accent_colour = forms.CharField(
        label=_("Accent colour"),
        initial="#e07a1f",
        validators=[colour],
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.svg,.ico"}),
    )
    admin_email = forms.EmailField(
        label=_("First admin's e-mail"),
        required=False,
        help_text=_("They receive an invitation to choose a password on the company's address."),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This subdomain is reserved."), code="reserved")
        if Tenant.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Another company already has this subdomain."), code="taken"
            )
        return slug

    def clean_domains(self) -> list[str]:
        lines = [line.strip().lower().rstrip(".") for line in self.cleaned_data["domains"].split()]
        domains = list(dict.fromkeys(line for line in lines if line))
        errors = []
        for domain in domains:
            if not HOST_NAME.match(domain):
                errors.append(
                    forms.ValidationError(
                        _("%(domain)s is not a host name."),
                        code="invalid",
                        params={"domain": domain},
                    )
                )
            elif domain == settings.COOPT_OPERATOR_HOST:
                errors.append(
                    forms.ValidationError(
                        _("%(domain)s is the operator's address."),
                        code="reserved",
                        params={"domain": domain},
                    )
                )
        for taken in Domain.objects.filter(domain__in=domains).values_list("domain", flat=True):
            errors.append(
                forms.ValidationError(
                    _("%(domain)s already serves another company."),
                    code="taken",
                    params={"domain": taken},
                )
            )
        if errors:
            raise forms.ValidationError(errors)
        return domains

    def clean_logo(self) -> object:
        upload = self.cleaned_data.get("logo")
        return clean_image(upload, "logo", max_side=IMAGE_SIDES["logo"]) if upload else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        languages = data.get("enabled_languages") or []
        default = data.get("default_language")
        if default and languages and default not in languages:
            self.add_error(
                "default_language",
                forms.ValidationError(
                    _("The default language must be one of the company's languages."),
                    code="not_enabled",
                ),
            )
        return data

    def spec(self) -> TenantSpec:
        data = self.cleaned_data
        return TenantSpec(
            name=data["name"],
            slug=data["slug"],
            mode=data["mode"],
            domains=data["domains"],
            enabled_languages=data["enabled_languages"],
            default_language=data["default_language"],
            primary_colour=data["primary_colour"].lower(),
            accent_colour=data["accent_colour"].lower(),
            logo=data.get("logo"),
        )
