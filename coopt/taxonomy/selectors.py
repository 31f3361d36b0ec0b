"""Reads of a tenant's tags: the ones offered for new choices, one for an admin's request,
and what names a tag (before a merge)."""

from typing import Protocol, cast

from django.db import models
from django.db.models import ManyToManyRel, ManyToOneRel
from django.http import Http404
from django.utils.text import capfirst

from coopt.tenants.models import Tenant

from .models import Tag, TagQuerySet
from .signals import Reference, tag_references_counted


class Admin(Protocol):
    """A membership as taxonomy sees one (``accounts`` sits above this app)."""

    @property
    def tenant_id(self) -> int: ...

    @property
    def is_admin(self) -> bool: ...


def active_tags(tenant: Tenant | int, kind: str = "") -> TagQuerySet:
    """The tenant's tags that new choices may use (onboarding, filters, forms, audiences)."""
    tags = Tag.objects.filter(tenant=tenant).active()
    return tags.filter(kind=kind) if kind else tags


def tags_of(tenant: Tenant, kind: str) -> TagQuerySet:
    """Every tag of one kind, archived ones last: the taxonomy editor's list."""
    return Tag.objects.filter(tenant=tenant, kind=kind).order_by("is_archived", "name")


def access_tag(member: Admin, tag_id: int) -> Tag:
    """A tag of the admin's tenant, or 404: another tenant's tags do not exist here."""
    if not member.is_admin:
        raise Http404
    tag = Tag.objects.select_related("tenant").filter(tenant_id=member.tenant_id, pk=tag_id).first()
    if tag is None:
        raise Http404
    return tag


def merge_targets(tag: Tag) -> TagQuerySet:
    """The tags ``tag`` may merge into: its tenant's other active tags of its kind."""
    return active_tags(tag.tenant_id, tag.kind).exclude(pk=tag.pk)


def _key(model: type[models.Model], field: str) -> str:
    return f"{model._meta.label_lower}.{field}"


def _label(model: type[models.Model], field: models.Field | models.ManyToManyField) -> str:
    return f"{capfirst(model._meta.verbose_name_plural)}: {field.verbose_name}"


def tag_relations() -> tuple[list[ManyToOneRel], list[ManyToManyRel]]:
    """Every foreign key and many-to-many relation to ``Tag``, from any app, found by Django's
    own registry: a relation added later is counted and merged without a change here."""
    foreign_keys: list[ManyToOneRel] = []
    many: list[ManyToManyRel] = []
    for rel in Tag._meta.get_fields(include_hidden=True):
        if isinstance(rel, ManyToManyRel):
            many.append(rel)
        elif isinstance(rel, ManyToOneRel) and not rel.related_model._meta.auto_created:
            foreign_keys.append(rel)
    return foreign_keys, many


def tag_references(tag: Tag) -> list[Reference]:
    """How many rows of each kind name ``tag``: what a merge would move (those with none
    left out)."""
    found: list[Reference] = []
    foreign_keys, many = tag_relations()
    for rel in foreign_keys:
        model = cast(type[models.Model], rel.related_model)
        count = model._base_manager.filter(**{rel.field.name: tag}).count()
        found.append(Reference(_key(model, rel.field.name), _label(model, rel.field), count))
    for m2m in many:
        model = cast(type[models.Model], m2m.related_model)
        through = cast(type[models.Model], m2m.through)
        count = through._base_manager.filter(**{m2m.field.m2m_reverse_field_name(): tag}).count()
        found.append(Reference(_key(model, m2m.field.name), _label(model, m2m.field), count))
    for _receiver, answer in tag_references_counted.send(sender=Tag, tag=tag):
        found.extend(cast(list[Reference], answer))
    return [ref for ref in found if ref.count]
