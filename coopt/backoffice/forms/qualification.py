"""The operator's qualification forms (N3): they parse and validate; services write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopt.accounts.models import Membership
from coopt.referrals.models import Qualification
from coopt.referrals.services.qualification import Assessment

SCORES = [("", _("Not assessed"))] + [(str(n), str(n)) for n in range(1, 6)]
MESSAGE_MAX = 1000


class AssessmentForm(forms.ModelForm):
    """The call's notes and the structured assessment (fit and motivation from 1 to 5)."""

    class Meta:
        model = Qualification
        fields = ["fit", "motivation", "availability", "salary_expectation", "notes"]
        widgets = {
            "fit": forms.Select(choices=SCORES),
            "motivation": forms.Select(choices=SCORES),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "fit": _("From 1 (weak) to 5 (excellent)."),
            "notes": _("For the operator's team only: the client never sees these notes."),
        }

    own_employer = forms.BooleanField(
        label=_("Works at the referrer's own employer"),
        help_text=_(
            "Under the ethics charter a hire then pays a partner charity, not the referrer."
        ),
        required=False,
    )

    def assessment(self) -> Assessment:
        data = self.cleaned_data
        return Assessment(
            own_employer=data["own_employer"],
            fit=data["fit"],
            motivation=data["motivation"],
            availability=data["availability"],
            salary_expectation=data["salary_expectation"],
            notes=data["notes"],
        )


class ForwardForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the client"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the client reads about the call: strengths, motivation, availability."),
        error_messages={"required": _("Write the summary the client will read.")},
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose the reason")), *Qualification.DeclineReason.choices],
        error_messages={"required": _("Choose the reason.")},
    )
    message = forms.CharField(
        label=_("A word for the candidate and the referrer (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QualifierField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.display_name


class AssignForm(forms.Form):
    qualifier = QualifierField(
        label=_("Qualifier"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Nobody"),
    )

    def __init__(self, *args: Any, qualifiers: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["qualifier"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Membership.objects.filter(
            pk__in=[m.pk for m in qualifiers]
        ).select_related("user")


class QueueFilterForm(forms.Form):
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Me")), ("nobody", _("Nobody"))],
    )
    client = forms.TypedChoiceField(label=_("Client company"), required=False, coerce=int)
    overdue = forms.BooleanField(label=_("Past the target only"), required=False)

    def __init__(self, *args: Any, clients: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        client_field = self.fields["client"]
        assert isinstance(client_field, forms.TypedChoiceField)
        client_field.choices = [("", _("All clients")), *clients]
