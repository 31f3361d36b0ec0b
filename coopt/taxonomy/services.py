"""Writes to a tenant's tags, each recorded in the audit log: create, rename and translate,
merge one into another, archive and restore; the tenant's default country."""

from dataclasses import dataclass
from typing import cast

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

from .models import Tag
from .selectors import tag_references, tag_relations
from .signals import Reference, tag_merging


class TagChangeRefused(Exception):
    """A change the taxonomy refuses; ``field`` names the form field it is about, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _name_taken(tenant_id: int, kind: str, name: str, *, exclude: int | None = None) -> bool:
    same = Tag.objects.filter(tenant_id=tenant_id, kind=kind, name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    return same.exists()


def _refuse_taken(name: str) -> TagChangeRefused:
    return TagChangeRefused(
        str(_("“%(name)s” already exists in this list.") % {"name": name}), field="name"
    )


def _clean_translations(tenant: Tenant, translations: dict[str, str], name: str) -> dict[str, str]:
    """Only the tenant's enabled languages, without blanks or copies of the name."""
    return {
        language: text.strip()
        for language, text in sorted(translations.items())
        if language in tenant.enabled_languages and text.strip() and text.strip() != name
    }


def _save(tag: Tag) -> None:
    """Save, turning a race on the unique name into the same refusal as the check."""
    try:
        with transaction.atomic():
            tag.save()
    except IntegrityError as error:
        raise _refuse_taken(tag.name) from error


def tag_create(
    *,
    tenant: Tenant,
    kind: str,
    name: str,
    actor: Actor,
    translations: dict[str, str] | None = None,
    country: str = "",
) -> Tag:
    """A new location, job family or sector; its name is unique in its kind (any case)."""
    name = name.strip()
    if _name_taken(tenant.pk, kind, name):
        raise _refuse_taken(name)
    tag = Tag(
        tenant=tenant,
        kind=kind,
        name=name,
        translations=_clean_translations(tenant, translations or {}, name),
        country=country if kind == Tag.Kind.LOCATION else "",
    )
    with transaction.atomic():
        _save(tag)
        audit_record(
            actor=actor,
            action=Action.TAG_CREATED,
            target=audit_target(tag),
            details={"kind": kind},
            tenant_id=tenant.pk,
        )
    return tag


def tag_update(
    *,
    tag: Tag,
    name: str,
    actor: Actor,
    translations: dict[str, str] | None = None,
    country: str = "",
) -> Tag:
    """Rename, translate, or (a location) set its country. Jobs and members keep the tag."""
    name = name.strip()
    if _name_taken(tag.tenant_id, tag.kind, name, exclude=tag.pk):
        raise _refuse_taken(name)
    changed = []
    translations = _clean_translations(tag.tenant, translations or {}, name)
    country = country if tag.kind == Tag.Kind.LOCATION else ""
    for field, value in (("name", name), ("translations", translations), ("country", country)):
        if getattr(tag, field) != value:
            setattr(tag, field, value)
            changed.append(field)
    if not changed:
        return tag
    with transaction.atomic():
        _save(tag)
        audit_record(
            actor=actor,
            action=Action.TAG_CHANGED,
            target=audit_target(tag),
            details={"fields": changed},
            tenant_id=tag.tenant_id,
        )
    return tag


@dataclass(frozen=True)
class MergeResult:
    moved: list[Reference]
    duplicates: int  # rows left out because the target was already there


def tag_merge(*, source: Tag, target: Tag, actor: Actor) -> MergeResult:
    """Move everything that names ``source`` to ``target`` (same tenant, same kind), then
    delete ``source``, in one transaction.

    A job or a member that already had both keeps one: a many-to-many row that would repeat
    the target is deleted, not moved. Apps that keep tag ids elsewhere move them on
    ``tag_merging``.
    """
    if source.tenant_id != target.tenant_id or source.kind != target.kind:
        raise TagChangeRefused(str(_("Choose a tag of the same list.")), field="target")
    if source.pk == target.pk:
        raise TagChangeRefused(str(_("Choose another tag to merge into.")), field="target")
    duplicates = 0
    foreign_keys, many = tag_relations()
    with transaction.atomic():
        # Lock both rows: two admins merging the same tags wait for each other.
        list(Tag.objects.select_for_update().filter(pk__in=[source.pk, target.pk]))
        before = {ref.key: ref for ref in tag_references(source)}
        for rel in foreign_keys:
            cast(type[models.Model], rel.related_model)._base_manager.filter(
                **{rel.field.name: source}
            ).update(**{rel.field.name: target})
        for m2m in many:
            rows = cast(type[models.Model], m2m.through)._base_manager
            to_tag, owner = m2m.field.m2m_reverse_field_name(), m2m.field.m2m_field_name()
            owners_of_target = rows.filter(**{to_tag: target}).values(f"{owner}_id")
            repeated, _count = rows.filter(
                **{to_tag: source, f"{owner}_id__in": owners_of_target}
            ).delete()
            duplicates += repeated
            rows.filter(**{to_tag: source}).update(**{to_tag: target})
        for _receiver, answer in tag_merging.send(sender=Tag, source=source, target=target):
            before.update({ref.key: ref for ref in cast(list[Reference], answer)})
        moved = list(before.values())
        source_id = source.pk
        source.delete()
        audit_record(
            actor=actor,
            action=Action.TAG_MERGED,
            target=audit_target(target, "tag"),
            details={
                "merged": source_id,
                "kind": target.kind,
                "moved": {ref.key: ref.count for ref in moved},
                "duplicates": duplicates,
            },
            tenant_id=target.tenant_id,
        )
    return MergeResult(moved=moved, duplicates=duplicates)


def tag_set_archived(*, tag: Tag, archived: bool, actor: Actor) -> Tag:
    """Archive a tag (no new job, member or audience may choose it; those that carry it keep
    it) or restore it."""
    if tag.is_archived == archived:
        return tag
    with transaction.atomic():
        tag.is_archived = archived
        tag.save(update_fields=["is_archived"])
        if archived:
            audit_record(
                actor=actor,
                action=Action.TAG_ARCHIVED,
                target=audit_target(tag),
                details={"kind": tag.kind},
                tenant_id=tag.tenant_id,
            )
        else:
            audit_record(
                actor=actor,
                action=Action.TAG_UNARCHIVED,
                target=audit_target(tag),
                details={"kind": tag.kind},
                tenant_id=tag.tenant_id,
            )
    return tag


def tenant_set_default_country(*, tenant: Tenant, country: str, actor: Actor) -> Tenant:
    """The country of every location that names none (job pages' structured data)."""
    if tenant.default_country == country:
        return tenant
    with transaction.atomic():
        tenant.default_country = country
        tenant.save(update_fields=["default_country"])
        audit_record(
            actor=actor,
            action=Action.SETTINGS_CHANGED,
            target=audit_target(tenant, "tenant"),
            details={"section": "taxonomy", "fields": ["default_country"]},
            tenant_id=tenant.pk,
        )
    return tenant
