"""Member administration for admins: list, invite, import, roles, leavers (M1, M5)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.accounts.importing import (
    ImportFileError,
    ImportPlanChanged,
    ImportReport,
    MemberExists,
    member_add_and_invite,
    members_import,
    members_import_plan,
)
from coopt.accounts.selectors import access_member, department_names, member_count, members_of
from coopt.accounts.services import (
    MembershipChangeRefused,
    member_invite,
    membership_deactivate,
    membership_reactivate,
    membership_set_roles,
)
from coopt.audit.actors import Actor
from coopt.jobs.selectors import tag_names
from coopt.lib.http import posted
from coopt.taxonomy.models import Tag

from ..forms.members import ImportForm, InviteForm, MemberFilterForm, RolesForm
from ..import_previews import import_preview_discard, import_preview_load, import_preview_store

PAGE_SIZE = 25


def _back(request: HttpRequest) -> HttpResponse:
    """Return to the list the action was taken from, with its filters and page."""
    target = request.POST.get("next", "")
    members_path = reverse("backoffice:members")
    if target.startswith(members_path) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("backoffice:members")


@admin_required
def members(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = MemberFilterForm(request.GET or None, tenant=tenant)
    filters = form.cleaned_data if form.is_valid() else {}
    people = members_of(
        tenant,
        query=str(filters.get("q") or "").strip(),
        department=filters.get("department"),
        role=filters.get("role") or "",
        state=filters.get("state") or "",
    )
    paginator = Paginator(people, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "backoffice/members/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "members": page_obj.object_list,
            "querystring_base": urlencode(params) + "&" if params else "",
            "filtered": bool(params),
            "total": member_count(tenant),
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def member_invite_view(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    form = InviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = member_add_and_invite(
                tenant=tenant,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                department_name=data["department"],
                location_name=data["location"],
                is_expert=data["is_expert"],
                is_recruiter=data["is_recruiter"],
                is_admin=data["is_admin"],
            )
        except MemberExists as exists:
            if exists.membership.is_active:
                message = _("%(email)s is already a member. Resend their invitation from the list.")
            else:
                message = _("%(email)s is a deactivated member. Reactivate them from the list.")
            form.add_error("email", message % {"email": exists.membership.user.email})
        else:
            messages.success(
                request,
                _("%(name)s is invited: the e-mail is on its way.")
                % {"name": membership.display_name},
            )
            return redirect("backoffice:members")
    return render(
        request,
        "backoffice/members/invite.html",
        {
            "form": form,
            "department_names": department_names(tenant),
            "location_names": tag_names(tenant, Tag.Kind.LOCATION),
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def member_import(request: MemberRequest) -> HttpResponse:
    """Upload an HR file. With "deactivate members absent from this file", nothing changes
    yet: the preview shows what would, and the admin confirms (``member_import_confirm``)."""
    form = ImportForm(posted(request), request.FILES or None)
    report = None
    file_error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        send_invitations = form.cleaned_data["send_invitations"]
        try:
            if form.cleaned_data["deactivate_absent"]:
                return _preview(request, data=data, send_invitations=send_invitations)
            report = members_import(
                tenant=request.tenant,
                data=data,
                send_invitations=send_invitations,
                actor=Actor.from_request(request),
            )
        except ImportFileError as error:
            file_error = error.message
    return render(
        request,
        "backoffice/members/import.html",
        {"form": form, "report": report, "file_error": file_error},
    )


def _preview(
    request: MemberRequest, *, data: bytes, send_invitations: bool, changed: bool = False
) -> HttpResponse:
    """What the file would do, kept for the confirmation; ``ImportFileError`` for a bad file."""
    plan = members_import_plan(
        tenant=request.tenant,
        data=data,
        deactivate_absent=True,
        keep_user_id=request.membership.user_id,
    )
    token = import_preview_store(
        tenant=request.tenant,
        user_id=request.membership.user_id,
        data=data,
        send_invitations=send_invitations,
        digest=plan.digest,
    )
    return render(
        request,
        "backoffice/members/import_preview.html",
        {
            "plan": plan,
            "token": token,
            "send_invitations": send_invitations,
            "changed": changed,
            **_lists(plan),
        },
    )


def _lists(report: ImportReport) -> dict[str, object]:
    return {
        "created_rows": report.rows_with("created"),
        "updated_rows": report.rows_with("updated"),
        "rejected_rows": report.rows_with("rejected"),
    }


@admin_required
@require_POST
def member_import_confirm(request: MemberRequest) -> HttpResponse:
    """Apply the previewed import, exactly, or cancel it. A preview is used once."""
    tenant, user_id = request.tenant, request.membership.user_id
    token = request.POST.get("token", "")
    stored = import_preview_load(tenant=tenant, user_id=user_id, token=token)
    import_preview_discard(tenant=tenant, user_id=user_id, token=token)
    if request.POST.get("action") != "confirm":
        messages.info(request, _("Import cancelled: nothing was changed."))
        return redirect("backoffice:member_import")
    if stored is None:
        messages.error(
            request, _("This preview has expired: nothing was changed. Upload the file again.")
        )
        return redirect("backoffice:member_import")
    try:
        report = members_import(
            tenant=request.tenant,
            data=stored.data,
            send_invitations=stored.send_invitations,
            deactivate_absent=True,
            expected_digest=stored.digest,
            actor=Actor.from_request(request),
        )
    except ImportPlanChanged:
        # Members changed since the preview (another admin, a sync): show the new plan.
        return _preview(
            request, data=stored.data, send_invitations=stored.send_invitations, changed=True
        )
    return render(
        request,
        "backoffice/members/import.html",
        {"form": ImportForm(), "report": report, "file_error": ""},
    )


@admin_required
@require_POST
def member_deactivate(request: MemberRequest, membership_id: int) -> HttpResponse:
    membership = access_member(request.membership, membership_id)
    if membership.is_active:
        try:
            membership_deactivate(membership=membership, actor=Actor.from_request(request))
        except MembershipChangeRefused as refused:
            messages.error(request, str(refused.message))
        else:
            messages.success(
                request,
                _("%(name)s is deactivated: their access ended, their history is kept.")
                % {"name": membership.display_name},
            )
    return _back(request)


@admin_required
@require_POST
def member_reactivate(request: MemberRequest, membership_id: int) -> HttpResponse:
    membership = access_member(request.membership, membership_id)
    if not membership.is_active:
        membership_reactivate(membership=membership, actor=Actor.from_request(request))
        messages.success(
            request, _("%(name)s is active again.") % {"name": membership.display_name}
        )
    return _back(request)


@admin_required
@require_POST
def member_roles(request: MemberRequest, membership_id: int) -> HttpResponse:
    membership = access_member(request.membership, membership_id)
    form = RolesForm(request.POST)
    form.is_valid()  # booleans: every submission is valid
    roles = form.cleaned_data
    try:
        membership_set_roles(
            membership=membership,
            is_expert=roles["is_expert"],
            is_recruiter=roles["is_recruiter"],
            is_admin=roles["is_admin"],
            actor=Actor.from_request(request),
        )
    except MembershipChangeRefused as refused:
        messages.error(request, str(refused.message))
        return _back(request)
    messages.success(
        request, _("The roles of %(name)s are saved.") % {"name": membership.display_name}
    )
    return _back(request)


@admin_required
@require_POST
def member_resend_invitation(request: MemberRequest, membership_id: int) -> HttpResponse:
    membership = access_member(request.membership, membership_id)
    if not membership.is_active:
        messages.error(request, _("Reactivate this member before inviting them again."))
    elif membership.joined_at is not None:
        messages.info(
            request,
            _(
                "%(email)s has joined already: they sign in with their password, or reset it "
                "from the sign-in page."
            )
            % {"email": membership.user.email},
        )
    else:
        member_invite(membership=membership)
        messages.success(
            request,
            _("A new invitation is on its way to %(email)s.") % {"email": membership.user.email},
        )
    return _back(request)
