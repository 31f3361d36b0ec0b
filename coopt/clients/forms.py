"""Forms of the client companies' pages: they parse and validate; services write."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from coopt.tenants.images import LOGO_SIDE, clean_image

from .job_import import MAX_FILE_BYTES
from .models import ClientCompany


class ClientForm(forms.ModelForm):
    class Meta:
        model = ClientCompany
        fields = [
            "name",
            "logo",
            "contact_name",
            "contact_email",
            "contact_phone",
            "is_confidential",
            "public_description",
        ]
        # No "currently" link: media files have no public URL.
        widgets = {"logo": forms.FileInput(attrs={"accept": ".png,.jpg,.jpeg,.webp,.svg"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = _(
            "PNG, JPEG, WebP or SVG, 1 MB at most; kept as pixels only."
        )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = ClientCompany.objects.filter(tenant_id=self.instance.tenant_id, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The network already has a client of that name."))
        return name

    def clean_logo(self) -> object:
        value = self.cleaned_data.get("logo")
        if isinstance(value, UploadedFile):
            return clean_image(value, "client-logo", max_side=LOGO_SIDE)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_confidential") and not (data.get("public_description") or "").strip():
            self.add_error(
                "public_description",
                _("A confidential client needs a public description, e.g. “a retail company”."),
            )
        return data

    def fields_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RecruiterInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class JobImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma or semicolon separated, 2 MB and 2,000 lines at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large (2 MB at most)."), code="size")
        return upload
