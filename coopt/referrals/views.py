from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coopt.accounts.access import member_required
from coopt.accounts.http import MemberRequest, VisitorRequest
from coopt.jobs.models import Job
from coopt.jobs.selectors import access_published_job
from coopt.lib.http import posted, posted_files
from coopt.lib.ratelimit import rate_limited
from coopt.network.charters import charters_pending
from coopt.network.rules import network_rules_for

from .consent_records import (
    Channel,
    ConsentNotPossible,
    pool_consent_give,
    pool_consent_withdraw,
)
from .forms import ConsentForm, MobilityForm, RecommendForm
from .languages import LanguageNotOffered, candidate_language_activate, referrals_language_set
from .models import Consent, Referral, Source
from .retention import retention_policy_for
from .selectors import access_referral_by_consent_token, applications_of, referrals_made_by
from .services import (
    ReferralData,
    ReferralRefused,
    consent_confirm,
    consent_decline,
    mobility_apply,
    referral_submit,
)
from .services.consent import ConsentClosed
from .services.submit import ONE_PER_JOB_MESSAGE, one_per_job_refuses, seems_own_employer

REFERRALS_PER_PAGE = 20


@member_required
@require_http_methods(["GET", "POST"])
def recommend(request: MemberRequest, job_id: int) -> HttpResponse:
    """Recommend someone for a job: the rules are shown before and at submit (R1, R2)."""
    membership = request.membership
    job = access_published_job(membership, job_id)
    if charters_pending(member=membership):
        # R6: a new version of the charter or terms is accepted before the next referral.
        return redirect(f"{reverse('network:accept')}?{urlencode({'next': request.path})}")
    form = RecommendForm(
        posted(request),
        posted_files(request),
        tenant=request.tenant,
        initial={"language": request.LANGUAGE_CODE},
    )
    own_employer_warning = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # R2: told before the referral is made; sent once confirmed.
        own_employer_warning = seems_own_employer(
            member=membership,
            email=data["email"],
            current_employer=data.get("current_employer", ""),
        )
        if own_employer_warning and not request.POST.get("own_employer_confirmed"):
            return _recommend_page(request, job, form, own_employer_warning=True)
        try:
            referral_submit(
                member=membership,
                job=job,
                cv=data["cv"],
                data=ReferralData(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                    relationship=data["relationship"],
                    motivation=data["motivation"],
                    language=data["language"],
                    current_employer=data.get("current_employer", ""),
                ),
            )
        except ReferralRefused as refused:
            form.add_error(None, str(refused.message))
        else:
            messages.success(
                request,
                _("Thank you! %(name)s will receive an e-mail to confirm their interest.")
                % {"name": data["first_name"]},
            )
            return redirect("referrals:dashboard")
    return _recommend_page(request, job, form, own_employer_warning=own_employer_warning)


def _recommend_page(
    request: MemberRequest, job: Job, form: RecommendForm, *, own_employer_warning: bool
) -> HttpResponse:
    membership = request.membership
    consent_days = retention_policy_for(tenant=job.tenant).unconfirmed_days
    return render(
        request,
        "referrals/recommend.html",
        {
            "job": job,
            "form": form,
            "consent_days": consent_days,
            "one_per_job": network_rules_for(tenant=request.tenant).one_candidate_per_job,
            "one_per_job_refused": one_per_job_refuses(member=membership, job=job)
            and ONE_PER_JOB_MESSAGE,
            "employer_domain": membership.employer_domain,
            "own_employer_warning": own_employer_warning,
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def apply_internal(request: MemberRequest, job_id: int) -> HttpResponse:
    """Internal mobility: a member applies to a job themself (J6)."""
    membership = request.membership
    job = access_published_job(membership, job_id)
    form = MobilityForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            mobility_apply(
                member=membership,
                job=job,
                motivation=form.cleaned_data["motivation"],
                cv=form.cleaned_data["cv"],
            )
        except ReferralRefused as refused:
            form.add_error(None, str(refused.message))
        else:
            messages.success(request, _("Your application was sent to the recruiter."))
            return redirect("referrals:dashboard")
    return render(request, "referrals/apply_internal.html", {"job": job, "form": form})


@member_required
@require_GET
def dashboard(request: MemberRequest) -> HttpResponse:
    """My referrals with live status and history, my applications, the rules (R7)."""
    membership = request.membership
    page = Paginator(referrals_made_by(member=membership), REFERRALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "referrals/dashboard.html",
        {
            "page_obj": page,
            "referrals": page.object_list,
            "applications": applications_of(member=membership)[:50],
            "querystring_base": "",
            "consent_days": retention_policy_for(tenant=membership.tenant).unconfirmed_days,
        },
    )


@never_cache  # personal data behind a secret link: no shared cache may keep it
@require_http_methods(["GET", "POST"])
@rate_limited(key="consent", limit=20, window=15 * 60)
def consent(request: VisitorRequest, token: str) -> HttpResponse:
    """The referred person's page: what is held, why, their rights; confirm or decline (R3).

    It stays their self-service page after they confirm (the e-mails promise it):
    they may add a CV, or withdraw and have their data deleted at once. It speaks the
    language the member chose for them, or the one they picked here, never the browser's.
    """
    referral = access_referral_by_consent_token(request.tenant, token)
    candidate_language_activate(request, tenant=referral.tenant, language=referral.language)
    answer = request.POST.get("answer", "") if request.method == "POST" else ""
    if answer == "language":
        return _language_pick(request, referral)
    policy = retention_policy_for(tenant=referral.tenant)
    form = ConsentForm(
        posted(request), posted_files(request), pool_months=policy.talent_pool_months
    )
    closed = referral.consent_closed
    if request.method == "POST" and closed:
        messages.info(request, _("This request is closed: your answer changes nothing."))
    elif request.method == "POST":
        if answer == "decline":
            consent_decline(referral=referral)
            return render(request, "referrals/consent_done.html", {"declined": True})
        if answer in ("pool_give", "pool_withdraw"):
            return _pool_choice(request, referral, give=answer == "pool_give")
        if answer != "confirm":
            messages.error(request, _("Choose one of the answers below."))
            return redirect(request.path)
        was_confirmed = referral.consent == Consent.CONFIRMED
        if form.is_valid() and was_confirmed and not form.cleaned_data["cv"]:
            form.add_error("cv", _("Choose the file to add."))
        if form.is_valid():
            pool_consent = form.cleaned_data["pool_consent"] and not was_confirmed
            try:
                consent_confirm(
                    referral=referral,
                    cv=form.cleaned_data["cv"],
                    replace_cv=form.cleaned_data["replace_cv"],
                    pool_consent=pool_consent,
                )
            except ConsentClosed:
                closed = True
            else:
                if was_confirmed:
                    messages.success(request, _("Your CV was added."))
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you! Your interest is confirmed. "
                            "A recruiter will contact you soon."
                        ),
                    )
                    if not pool_consent:
                        messages.info(
                            request,
                            _(
                                "You chose not to be considered for other jobs: your data will "
                                "be deleted some months after this job's process ends."
                            ),
                        )
                # Back to the page, so that a reload does not send the CV twice.
                return redirect(request.path)
    return render(
        request,
        "referrals/consent.html",
        {
            "referral": referral,
            "form": form,
            "closed": closed,
            "confirmed": referral.consent == Consent.CONFIRMED,
            "recommended": referral.source == Source.REFERRAL,
            "consent_days": policy.unconfirmed_days,
            "pool_months": policy.talent_pool_months,
            "documents": referral.documents.all() if not closed else [],
        },
    )


def _language_pick(request: VisitorRequest, referral: Referral) -> HttpResponse:
    """The person reads another of the company's languages: kept for the later e-mails too."""
    language = request.POST.get("language", "")
    try:
        referrals_language_set(tenant=referral.tenant, referral=referral, language=language)
    except LanguageNotOffered:
        messages.error(request, _("Choose one of the languages offered."))
    else:
        candidate_language_activate(request, tenant=referral.tenant, language=language)
        messages.success(
            request, _("This page and our next e-mails are in the language you chose.")
        )
    return redirect(request.path)


def _pool_choice(request: VisitorRequest, referral: Referral, *, give: bool) -> HttpResponse:
    """One click either way: withdrawing is as easy as giving (Y5)."""
    change = pool_consent_give if give else pool_consent_withdraw
    try:
        change(referral=referral, channel=Channel.EMAIL_LINK)
    except ConsentNotPossible:
        messages.error(request, _("Confirm your interest first: then you may choose this."))
    else:
        messages.success(request, _("Your choice is saved."))
    return redirect(request.path)
