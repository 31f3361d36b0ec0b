"""The taxonomy editor for admins: locations, job families and sectors, one list each; create,
rename and translate, merge, archive and restore; the company's default country."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopt.accounts.access import admin_required
from coopt.accounts.http import MemberRequest
from coopt.audit.actors import Actor
from coopt.lib.http import posted
from coopt.taxonomy.models import Tag
from coopt.taxonomy.selectors import access_tag, tag_references, tags_of
from coopt.taxonomy.services import (
    TagChangeRefused,
    tag_create,
    tag_merge,
    tag_set_archived,
    tag_update,
    tenant_set_default_country,
)

from ..forms.taxonomy import DefaultCountryForm, MergeForm, TagForm
from ..selectors import tag_usage

PAGE_SIZE = 50
KIND_TITLES = {
    Tag.Kind.LOCATION: gettext_lazy("Locations"),
    Tag.Kind.FAMILY: gettext_lazy("Job families"),
    Tag.Kind.SECTOR: gettext_lazy("Sectors"),
}


def _kind(value: str) -> str:
    if value not in Tag.Kind.values:
        raise Http404
    return value


def _list_url(kind: str) -> str:
    return reverse("backoffice:taxonomy") + "?kind=" + kind


@admin_required
@require_GET
def taxonomy(request: MemberRequest) -> HttpResponse:
    tenant = request.tenant
    kind = request.GET.get("kind") or Tag.Kind.LOCATION
    if kind not in Tag.Kind.values:
        kind = Tag.Kind.LOCATION
    page_obj = Paginator(tags_of(tenant, kind), PAGE_SIZE).get_page(request.GET.get("page"))
    tags = list(page_obj.object_list)
    usage = tag_usage(tenant=tenant, kind=kind, tag_ids=[tag.pk for tag in tags])
    return render(
        request,
        "backoffice/taxonomy/list.html",
        {
            "kind": kind,
            "kind_title": KIND_TITLES[Tag.Kind(kind)],
            "kinds": [(value, KIND_TITLES[Tag.Kind(value)]) for value in Tag.Kind.values],
            "page_obj": page_obj,
            "rows": [(tag, usage[tag.pk]) for tag in tags],
            "querystring_base": f"kind={kind}&",
            "country_form": DefaultCountryForm(
                initial={"default_country": str(tenant.default_country or "")}
            ),
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def taxonomy_create(request: MemberRequest, kind: str) -> HttpResponse:
    kind = _kind(kind)
    form = TagForm(posted(request), tenant=request.tenant, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            tag = tag_create(
                tenant=request.tenant,
                kind=kind,
                name=form.cleaned_data["name"],
                translations=form.translations(),
                country=form.cleaned_data.get("country", ""),
                actor=Actor.from_request(request),
            )
        except TagChangeRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("“%(name)s” is added.") % {"name": tag.name})
            return redirect(_list_url(kind))
    return render(
        request,
        "backoffice/taxonomy/edit.html",
        {"form": form, "kind": kind, "kind_title": KIND_TITLES[Tag.Kind(kind)], "tag": None},
    )


@admin_required
@require_http_methods(["GET", "POST"])
def taxonomy_edit(request: MemberRequest, tag_id: int) -> HttpResponse:
    tag = access_tag(request.membership, tag_id)
    form = TagForm(
        posted(request), tenant=request.tenant, kind=tag.kind, initial=TagForm.initial_for(tag)
    )
    if request.method == "POST" and form.is_valid():
        try:
            tag_update(
                tag=tag,
                name=form.cleaned_data["name"],
                translations=form.translations(),
                country=form.cleaned_data.get("country", ""),
                actor=Actor.from_request(request),
            )
        except TagChangeRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": tag.name})
            return redirect(_list_url(tag.kind))
    return render(
        request,
        "backoffice/taxonomy/edit.html",
        {
            "form": form,
            "kind": tag.kind,
            "kind_title": KIND_TITLES[Tag.Kind(tag.kind)],
            "tag": tag,
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def taxonomy_merge(request: MemberRequest, tag_id: int) -> HttpResponse:
    """Choose the tag to merge into, see what will move, then confirm (a POST)."""
    tag = access_tag(request.membership, tag_id)
    data = posted(request) or (request.GET if "into" in request.GET else None)
    form = MergeForm(data, tag=tag)
    target = form.cleaned_data["into"] if form.is_valid() else None
    if request.method == "POST" and target is not None:
        try:
            result = tag_merge(source=tag, target=target, actor=Actor.from_request(request))
        except TagChangeRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(
                request,
                _("“%(source)s” is merged into “%(target)s”.")
                % {"source": tag.name, "target": target.name},
            )
            if result.duplicates:
                messages.info(
                    request,
                    _("%(count)s links already named “%(target)s”: they were kept once.")
                    % {"count": result.duplicates, "target": target.name},
                )
            return redirect(_list_url(target.kind))
    return render(
        request,
        "backoffice/taxonomy/merge.html",
        {
            "form": form,
            "tag": tag,
            "target": target,
            "references": tag_references(tag) if target is not None else [],
            "usage": tag_usage(tenant=request.tenant, kind=tag.kind, tag_ids=[tag.pk])[tag.pk],
            "kind_title": KIND_TITLES[Tag.Kind(tag.kind)],
        },
    )


@admin_required
@require_POST
def taxonomy_archive(request: MemberRequest, tag_id: int) -> HttpResponse:
    tag = access_tag(request.membership, tag_id)
    tag_set_archived(tag=tag, archived=True, actor=Actor.from_request(request))
    messages.success(
        request,
        _("“%(name)s” is archived: no new job or member can choose it.") % {"name": tag.name},
    )
    return redirect(_list_url(tag.kind))


@admin_required
@require_POST
def taxonomy_unarchive(request: MemberRequest, tag_id: int) -> HttpResponse:
    tag = access_tag(request.membership, tag_id)
    tag_set_archived(tag=tag, archived=False, actor=Actor.from_request(request))
    messages.success(request, _("“%(name)s” is in use again.") % {"name": tag.name})
    return redirect(_list_url(tag.kind))


@admin_required
@require_POST
def taxonomy_default_country(request: MemberRequest) -> HttpResponse:
    form = DefaultCountryForm(request.POST)
    if form.is_valid():
        tenant_set_default_country(
            tenant=request.tenant,
            country=form.cleaned_data["default_country"],
            actor=Actor.from_request(request),
        )
        messages.success(request, _("The default country is saved."))
    else:
        messages.error(request, _("Choose a country from the list."))
    return redirect(_list_url(Tag.Kind.LOCATION))
