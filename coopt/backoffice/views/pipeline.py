from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coopt.accounts.access import recruiter_required
from coopt.referrals.selectors import access_referral_for_recruiter


@recruiter_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/home.html")


@recruiter_required
def candidate(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = access_referral_for_recruiter(membership=request.membership, referral_id=referral_id)  # type: ignore[attr-defined]
    return render(request, "backoffice/candidate.html", {"referral": referral})
