from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from coopt.lib.ratelimit import rate_limited
from coopt.notifications.language import reader_language

from .access import member_required
from .forms import InvitationForm, PreferencesForm
from .http import MemberRequest, VisitorRequest
from .models import Membership
from .services import invitation_accept, membership_from_invitation, membership_onboard

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _preferences_initial(membership: Membership) -> dict[str, object]:
    interests = list(membership.interests.all())
    return {
        "locations": [t for t in interests if t.kind == "location"],
        "families": [t for t in interests if t.kind == "family"],
        "sectors": [t for t in interests if t.kind == "sector"],
        "language": reader_language(membership.user.language, membership),
        "notify_targeted": membership.notify_targeted,
        "digest_frequency": membership.digest_frequency,
        "leaderboard_name_shown": membership.leaderboard_name_shown,
    }


def _preferences(request: MemberRequest, template: str, done_message: str) -> HttpResponse:
    membership = request.membership
    form = PreferencesForm(
        request.POST or None, membership=membership, initial=_preferences_initial(membership)
    )
    if request.method == "POST" and form.is_valid():
        membership_onboard(
            membership=membership,
            interests=form.cleaned_data["interests"],
            language=form.cleaned_data["language"],
            notify_targeted=form.cleaned_data["notify_targeted"],
            digest_frequency=form.cleaned_data["digest_frequency"],
            leaderboard_name_shown=form.cleaned_data.get("leaderboard_name_shown"),
        )
        response = redirect("jobs:board")
        response.set_cookie("django_language", form.cleaned_data["language"], samesite="Lax")
        from django.utils import translation

        with translation.override(form.cleaned_data["language"]):
            messages.success(request, _(done_message))
        return response
    return render(request, template, {"form": form})


@member_required
@require_http_methods(["GET", "POST"])
def onboarding(request: MemberRequest) -> HttpResponse:
    return _preferences(
        request, "accounts/onboarding.html", gettext_noop("Welcome! Here are the jobs for you.")
    )


@member_required
@require_http_methods(["GET", "POST"])
def preferences(request: MemberRequest) -> HttpResponse:
    return _preferences(
        request, "accounts/preferences.html", gettext_noop("Your preferences are saved.")
    )


@require_http_methods(["GET", "POST"])
@rate_limited(key="invitation", limit=10, window=15 * 60)
def invitation(request: VisitorRequest, token: str) -> HttpResponse:
    membership = membership_from_invitation(tenant=request.tenant, token=token)
    if membership is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationForm(request.POST or None, user=membership.user)
    if request.method == "POST" and form.is_valid():
        user = invitation_accept(membership=membership, password=form.cleaned_data["password1"])
        login(request, user, backend=BACKEND)
        return redirect("home")
    return render(request, "accounts/invitation.html", {"form": form, "invited": membership})
