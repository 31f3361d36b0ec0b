"""Branding (T1, T2) and the tenant's own wording of automatic e-mails (R5)."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coopt.notifications.models import EmailTemplate
from coopt.tenants.images import FAVICON_SIDE, LOGO_SIDE, clean_image
from coopt.tenants.models import Tenant

from ..services import BRANDING_FIELDS

ANY_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
IMAGE_SIDES = {"logo": LOGO_SIDE, "favicon": FAVICON_SIDE}


class BrandImageInput(forms.ClearableFileInput):
    """A logo or favicon input whose "Currently" link goes through the brand view.

    Media files have no public URL (they are served only by views that check access), so
    the stock widget's ``value.url`` raises; the brand's own view serves the tenant's file.
    """

    def __init__(self, *, url_name: str) -> None:
        super().__init__(attrs={"accept": ".png,.jpg,.jpeg,.webp,.ico,.svg"})
        self.url_name = url_name

    def is_initial(self, value: Any) -> bool:
        # The stock check reads ``value.url``, which raises for a file without a public URL.
        return bool(value and getattr(value, "name", None))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = BrandFileLink(
                name=str(value.name).rsplit("/", 1)[-1], url=reverse(f"tenants:{self.url_name}")
            )
        return context


class BrandFileLink:
    """What the widget's template reads of the current file: a name and a URL."""

    def __init__(self, *, name: str, url: str) -> None:
        self.name = name
        self.url = url

    def __str__(self) -> str:
        return self.name


class BrandingForm(forms.ModelForm):
    """Only these fields: the slug, mode and activity of a tenant are the operator's."""

    enabled_languages = forms.MultipleChoiceField(
        label=_("Enabled languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Enable at least one language.")},
    )

    class Meta:
        model = Tenant
        fields = list(BRANDING_FIELDS)
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
            "logo": BrandImageInput(url_name="logo"),
            "favicon": BrandImageInput(url_name="favicon"),
        }
        help_texts = {
            "logo": _(
                "PNG, JPEG, WebP, ICO or SVG, 1 MB at most. It is kept as an image of "
                "1024 pixels a side at most; an SVG file is drawn to a PNG."
            ),
            "favicon": _(
                "PNG, JPEG, WebP, ICO or SVG, 1 MB at most. It is kept as an image of "
                "512 pixels a side at most; an SVG file is drawn to a PNG."
            ),
        }

    def _clean_upload(self, name: str) -> object:
        value = self.cleaned_data.get(name)
        if isinstance(value, UploadedFile):
            return clean_image(value, f"{self.instance.slug}-{name}", max_side=IMAGE_SIDES[name])
        return value

    def clean_logo(self) -> object:
        return self._clean_upload("logo")

    def clean_favicon(self) -> object:
        return self._clean_upload("favicon")

    def clean_primary_colour(self) -> str:
        return self.cleaned_data["primary_colour"].lower()

    def clean_accent_colour(self) -> str:
        return self.cleaned_data["accent_colour"].lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        enabled = data.get("enabled_languages") or []
        default = data.get("default_language")
        if enabled and default and default not in enabled:
            self.add_error(
                "default_language",
                _("The default language must be one of the enabled languages."),
            )
        if enabled:
            # Keep the order of settings.LANGUAGES, whatever order the browser sent.
            data["enabled_languages"] = [c for c, _n in settings.LANGUAGES if c in enabled]
        return data


class EmailTemplateForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=EmailTemplate._meta.get_field("subject").max_length
    )
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, allowed: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def _check_placeholders(self, text: str) -> str:
        unknown = sorted({name.strip() for name in ANY_PLACEHOLDER.findall(text)} - self.allowed)
        if unknown:
            raise forms.ValidationError(
                ngettext(
                    "Unknown placeholder: %(names)s. Use only the placeholders listed.",
                    "Unknown placeholders: %(names)s. Use only the placeholders listed.",
                    len(unknown),
                )
                % {"names": ", ".join("{{ " + name + " }}" for name in unknown)},
                code="placeholder",
            )
        return text

    def clean_subject(self) -> str:
        subject = " ".join(self.cleaned_data["subject"].split())
        return self._check_placeholders(subject)

    def clean_body(self) -> str:
        return self._check_placeholders(self.cleaned_data["body"].replace("\r\n", "\n"))
