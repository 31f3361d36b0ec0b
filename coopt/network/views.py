"""Network mode pages: sponsor someone, join from a sponsor's link, accept the charter,
and the operator's sponsor tree and charter versions (N1, R6)."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopt.accounts.access import admin_required, member_required
from coopt.accounts.http import MemberRequest, VisitorRequest
from coopt.audit.actors import Actor
from coopt.lib.http import posted, querystring_without_page, safe_next
from coopt.lib.ratelimit import rate_limited
from coopt.tenants.models import Tenant

from .charters import charter_publish, charters_accept, charters_pending, current_versions
from .forms import (
    CharterAcceptForm,
    CharterPublishForm,
    JoinForm,
    NetworkRulesForm,
    SponsorForm,
)
from .models import DEFAULT_QUALIFICATION_TARGET_HOURS, DEFAULT_WAVE_DELAY_HOURS, CharterVersion
from .rules import network_settings_for, network_settings_save
from .selectors import charter_versions_of, require_network, sponsor_tree, sponsorships_sent
from .services import (
    SponsorshipRefused,
    sponsorship_find,
    sponsorship_invite,
    sponsorship_join,
    sponsorships_left,
)

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
ROOTS_PER_PAGE = 25
SENT_SHOWN = 20


@member_required
@require_http_methods(["GET", "POST"])
def sponsor(request: MemberRequest) -> HttpResponse:
    """A member invites someone into the network, within their monthly limit (N1)."""
    require_network(request.tenant)
    member = request.membership
    if not member.is_member:
        # Referrers sponsor referrers: not the operator's staff, nor a client's recruiters.
        raise PermissionDenied
    form = SponsorForm(
        posted(request), tenant=request.tenant, initial={"language": request.LANGUAGE_CODE}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sponsorship_invite(
                member=member,
                email=data["email"],
                first_name=data["first_name"],
                language=data["language"],
            )
        except SponsorshipRefused as refused:
            form.add_error(None, str(refused.message))
        else:
            messages.success(
                request,
                _("Your invitation is on its way to %(name)s.") % {"name": data["first_name"]},
            )
            return redirect("network:sponsor")
    return render(
        request,
        "network/sponsor.html",
        {
            "form": form,
            "left": sponsorships_left(member=member),
            "sent": sponsorships_sent(member=member)[:SENT_SHOWN],
        },
    )


def _versions_shown(
    versions: list[CharterVersion], tenant_language: str
) -> list[dict[str, object]]:
    language = get_language() or tenant_language
    return [
        {"version": version, "text": version.text_in(language, tenant_language)}
        for version in versions
    ]


@require_http_methods(["GET", "POST"])
@rate_limited(key="sponsorship-join", limit=10, window=15 * 60)
def join(request: VisitorRequest, token: str) -> HttpResponse:
    """Sign-up from a sponsor's link: the only open door of a network, with the operator's
    own invitation."""
    require_network(request.tenant)
    try:
        sponsorship = sponsorship_find(tenant=request.tenant, token=token)
    except SponsorshipRefused as refused:
        return render(
            request, "network/join_invalid.html", {"message": refused.message}, status=404
        )
    versions = current_versions(tenant=request.tenant)
    form = JoinForm(
        posted(request), versions=versions, initial={"first_name": sponsorship.first_name}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = sponsorship_join(
                tenant=request.tenant,
                token=token,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
                employer_name=data["employer_name"],
                employer_domain=data["employer_domain"],
                accepted=versions if data.get("accept") else [],
            )
        except SponsorshipRefused as refused:
            form.add_error(None, str(refused.message))
        else:
            user = membership.user
            if user.check_password(data["password1"]):
                login(request, user, backend=BACKEND)
                return redirect("accounts:onboarding")
            # An account of another company on the platform: its own password signs in.
            messages.info(request, _("Welcome! Sign in with the password of your account."))
            return redirect("account_login")
    return render(
        request,
        "network/join.html",
        {
            "form": form,
            "sponsorship": sponsorship,
            "versions": _versions_shown(versions, request.tenant.default_language),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def accept(request: MemberRequest) -> HttpResponse:
    """Accept the current charter and terms (R6), then back where the member was going."""
    member = request.membership
    pending = charters_pending(member=member)
    back = safe_next(request) or reverse("jobs:board")
    if not pending:
        return redirect(back)
    form = CharterAcceptForm(posted(request))
    if request.method == "POST" and form.is_valid():
        charters_accept(member=member, versions=pending)
        messages.success(request, _("Thank you: you have accepted the new versions."))
        return redirect(back)
    return render(
        request,
        "network/accept.html",
        {
            "form": form,
            "next": back,
            "versions": _versions_shown(pending, request.tenant.default_language),
        },
    )


@admin_required
@require_GET
def tree(request: MemberRequest) -> HttpResponse:
    """The sponsor tree (N1): who brought whom, depth and size of each branch."""
    require_network(request.tenant)
    roots = sponsor_tree(tenant=request.tenant)
    page = Paginator(roots, ROOTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/tree.html",
        {
            "page_obj": page,
            "members": sum(1 + root.descendants for root in roots),
            "querystring_base": querystring_without_page(request),
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def charters(request: MemberRequest) -> HttpResponse:
    """Admins publish new versions of the ethics charter and of the terms (R6)."""
    form = CharterPublishForm(posted(request), tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        version = charter_publish(
            tenant=request.tenant,
            kind=form.cleaned_data["kind"],
            texts=form.texts(),
            actor=Actor.from_request(request),
        )
        messages.success(
            request,
            _("Version %(version)s is published: members accept it before their next referral.")
            % {"version": version.version},
        )
        return redirect("network:charters")
    return _charters_page(request, form, _rules_form(request, None))


def _rules_form(request: MemberRequest, data: QueryDict | None) -> NetworkRulesForm:
    saved = network_settings_for(tenant=request.tenant)
    one_per_job = saved.one_candidate_per_job if saved is not None else None
    return NetworkRulesForm(
        data,
        network=request.tenant.mode == Tenant.Mode.NETWORK,
        initial={
            "sponsorships_per_month": saved.sponsorships_per_month if saved else 5,
            "one_candidate_per_job": {None: "mode", True: "on", False: "off"}[one_per_job],
            "wave_delay_hours": saved.wave_delay_hours if saved else DEFAULT_WAVE_DELAY_HOURS,
            "qualification_target_hours": (
                saved.qualification_target_hours if saved else DEFAULT_QUALIFICATION_TARGET_HOURS
            ),
        },
    )


def _charters_page(
    request: MemberRequest, form: CharterPublishForm, rules_form: NetworkRulesForm
) -> HttpResponse:
    return render(
        request,
        "network/charters.html",
        {
            "form": form,
            "rules_form": rules_form,
            "versions": charter_versions_of(tenant=request.tenant),
        },
    )


@admin_required
@require_POST
def rules(request: MemberRequest) -> HttpResponse:
    """Admins set the network's rules: invitations a month, one candidate per job, the
    hours between two waves of a send."""
    rules_form = _rules_form(request, request.POST)
    if rules_form.is_valid():
        network_settings_save(
            tenant=request.tenant,
            sponsorships_per_month=rules_form.cleaned_data["sponsorships_per_month"],
            one_candidate_per_job=rules_form.one_per_job(),
            wave_delay_hours=rules_form.cleaned_data.get("wave_delay_hours"),
            qualification_target_hours=rules_form.cleaned_data.get("qualification_target_hours"),
            actor=Actor.from_request(request),
        )
        messages.success(request, _("The network rules are saved."))
        return redirect("network:charters")
    return _charters_page(request, CharterPublishForm(None, tenant=request.tenant), rules_form)
