"""The person's own data page, reached by the link in every e-mail to a candidate (Y3).

Public: the link is the key. An unknown, tampered or other tenant's link is a 404, an
expired one a 410, each with a page that says so.
Viewing records nothing (mail scanners open links too); downloading, correcting,
erasing and writing to the company each record a request.
"""

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopt.audit.actors import Actor
from coopt.lib.ratelimit import rate_limited
from coopt.referrals.languages import (
    LanguageNotOffered,
    candidate_language_activate,
    referrals_language_set,
)
from coopt.tenants.http import TenantRequest

from ..export import person_export_zip
from ..forms.requests import OtherRequestForm, RectifyForm
from ..requests import (
    RECTIFIABLE_FIELDS,
    person_erase,
    person_export_record,
    person_rectify,
    person_request_other,
)
from ..selectors import PersonData, RefusedLink, access_person

View = Callable[..., HttpResponse]


def self_service(view: View) -> View:
    """Resolve the link to the person, speak their language, keep the page private."""

    @never_cache  # personal data behind a secret link: no shared cache may keep it
    @rate_limited(key="privacy-self-service", limit=20, window=15 * 60)
    @wraps(view)
    def wrapper(request: TenantRequest, token: str, **kwargs: Any) -> HttpResponse:
        try:
            person = access_person(request.tenant, token)
        except RefusedLink as refused:
            response = _refused(request, expired=refused.expired)
        else:
            _speak_their_language(request, person)
            response = view(request, person=person, token=token, **kwargs)
        # The link is a key: never sent on to another site, never indexed. ("no-referrer"
        # would also blank the Origin of the page's own forms, which CSRF checks refuse.)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _refused(request: TenantRequest, *, expired: bool) -> HttpResponse:
    """A link that opens nothing: said plainly, with the way to a new one. An unknown link
    and another company's are the same 404: the page does not tell them apart."""
    return render(
        request,
        "privacy/self_service/link_refused.html",
        {"expired": expired},
        status=410 if expired else 404,
    )


def _speak_their_language(request: TenantRequest, person: PersonData) -> None:
    """The language of their latest referral: the one the member chose for them, or the one
    they picked on these pages; never the browser's. Nothing held: the company's."""
    candidate_language_activate(request, tenant=person.tenant, language=person.language)


def _the_person(person: PersonData) -> Actor:
    """The person, acting through their own link. Their address is not kept: the audit
    event outlives the erasure of everything else about them."""
    return Actor.candidate(tenant_id=person.tenant.pk)


def _to_page(token: str) -> HttpResponse:
    return redirect("privacy_self:page", token=token)


@require_GET
@self_service
def page(request: TenantRequest, *, person: PersonData, token: str) -> HttpResponse:
    return render(
        request,
        "privacy/self_service/page.html",
        {"person": person, "token": token},
    )


@require_POST
@self_service
def language(request: TenantRequest, *, person: PersonData, token: str) -> HttpResponse:
    """The person reads another of the company's languages; their referrals keep it, so the
    company's next e-mails are in it too."""
    try:
        referrals_language_set(
            tenant=person.tenant, email_key=person.key, language=request.POST.get("language", "")
        )
    except LanguageNotOffered:
        messages.error(request, _("Choose one of the languages offered."))
    else:
        candidate_language_activate(
            request, tenant=person.tenant, language=request.POST["language"]
        )
        messages.success(
            request, _("This page and our next e-mails are in the language you chose.")
        )
    return _to_page(token)


@require_POST
@self_service
def download(request: TenantRequest, *, person: PersonData, token: str) -> HttpResponse:
    """A ZIP with data.json and the CV files, as an attachment."""
    if person.is_empty:
        messages.info(request, _("Nothing is held about you: there is nothing to download."))
        return _to_page(token)
    person_export_record(tenant=person.tenant, key=person.key, actor=_the_person(person))
    response = FileResponse(
        person_export_zip(person),
        as_attachment=True,
        filename=f"{person.tenant.slug}-personal-data.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]  # a streaming response, as views may return


@require_http_methods(["GET", "POST"])
@self_service
def correct(request: TenantRequest, *, person: PersonData, token: str) -> HttpResponse:
    """Name and phone; a new e-mail address is asked for through the company."""
    if person.is_empty or person.latest is None:
        return _to_page(token)
    latest = person.latest
    form = RectifyForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(latest, name) for name in RECTIFIABLE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        recorded = person_rectify(tenant=person.tenant, key=person.key, **form.cleaned_data)
        if recorded is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(request, _("Your data is corrected."))
        return _to_page(token)
    return render(
        request,
        "privacy/self_service/correct.html",
        {"person": person, "token": token, "form": form},
    )


@require_http_methods(["GET", "POST"])
@self_service
def erase(request: TenantRequest, *, person: PersonData, token: str) -> HttpResponse:
    """A confirmation step, then everything goes at once."""
    if person.is_empty:
        return _to_page(token)
    if request.method == "POST":
        person_erase(tenant=person.tenant, key=person.key, actor=_the_person(person))
        # The links to this page went with the data: this answer is the last page.
        return render(request, "privacy/self_service/erased.html")
    return render(request, "privacy/self_service/erase.html", {"person": person, "token": token})


@require_http_methods(["GET", "POST"])
@self_service
def other_request(request: TenantRequest, *, person: PersonData, token: str) -> HttpResponse:
    """Anything else: the company answers within one month."""
    form = OtherRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        recorded = person_request_other(
            tenant=person.tenant,
            key=person.key,
            kind=form.cleaned_data["kind"],
            details=form.cleaned_data["details"],
        )
        messages.success(
            request,
            _("Your request was sent to %(company)s. They will answer by %(date)s.")
            % {
                "company": person.tenant.name,
                "date": _short_date(recorded.due_at),
            },
        )
        return _to_page(token)
    return render(
        request,
        "privacy/self_service/other_request.html",
        {"person": person, "token": token, "form": form},
    )


def _short_date(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")
