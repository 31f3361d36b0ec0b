from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from coopt.jobs.models import ExternalTagMapping
from coopt.taxonomy.models import Tag

from .models import JobFeedSettings, JobFeedSource
from .runs import max_bytes


class SourceForm(forms.ModelForm):
    class Meta:
        model = JobFeedSource
        fields = ["name", "kind", "url", "schedule", "is_enabled", "close_missing", "publish_new"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("schedule") != JobFeedSource.Schedule.OFF and not cleaned.get("url"):
            self.add_error(
                "url", _("A scheduled source needs an address; or choose “By hand only”.")
            )
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(max_bytes())}
            )
        return bytes(upload.read())


class MappingForm(forms.Form):
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=Tag.objects.none(), required=False, empty_label=_("No tag")
    )

    def __init__(self, *args: Any, mapping: ExternalTagMapping, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tag"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Tag.objects.active().filter(tenant_id=mapping.tenant_id, kind=mapping.kind)


class FeedSettingsForm(forms.ModelForm):
    class Meta:
        model = JobFeedSettings
        fields = ["publish_feed"]
