"""The taxonomy editor's forms: a tag (its name, a name per enabled language, a location's
country), the tag to merge into, the company's default country."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import merge_targets
from coopt.tenants.models import Tenant

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

TRANSLATION_PREFIX = "name_"


def country_field(label: "_StrPromise", help_text: "_StrPromise") -> forms.ChoiceField:
    """ISO 3166-1 alpha-2 codes, their names in the reader's language (django-countries)."""
    return forms.ChoiceField(
        label=label,
        required=False,
        help_text=help_text,
        choices=lambda: [("", "—"), *countries],
    )


class TagForm(forms.Form):
    """A tag's name in the company's default language, the other enabled languages' names,
    and for a location its country."""

    name = forms.CharField(label=_("Name"), max_length=80)

    def __init__(self, *args: Any, tenant: Tenant, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        names = dict(settings.LANGUAGES)
        self.fields["name"].help_text = _("In %(language)s, the company's default language.") % {
            "language": names.get(tenant.default_language, tenant.default_language)
        }
        for code in self.languages:
            self.fields[TRANSLATION_PREFIX + code] = forms.CharField(
                label=names[code],
                max_length=80,
                required=False,
                help_text=_("Leave empty to show the name above."),
            )
        if kind == Tag.Kind.LOCATION:
            self.fields["country"] = country_field(
                _("Country"), _("Leave empty to use the company's default country.")
            )

    @property
    def languages(self) -> list[str]:
        """The enabled languages other than the default one, in the product's order."""
        return [
            code
            for code, _name in settings.LANGUAGES
            if code in self.tenant.enabled_languages and code != self.tenant.default_language
        ]

    def translation_fields(self) -> list[forms.BoundField]:
        return [self[TRANSLATION_PREFIX + code] for code in self.languages]

    @staticmethod
    def initial_for(tag: Tag) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": tag.name, "country": str(tag.country or "")}
        for code, text in tag.translations.items():
            initial[TRANSLATION_PREFIX + code] = text
        return initial

    def translations(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(TRANSLATION_PREFIX + code, "") for code in self.languages
        }


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Tag.objects.none(), empty_label=_("Choose a tag")
    )

    def __init__(self, *args: Any, tag: Tag, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["into"]).queryset = merge_targets(tag)


class DefaultCountryForm(forms.Form):
    default_country = country_field(
        _("Default country"), _("For locations that name no country of their own.")
    )
