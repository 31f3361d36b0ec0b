"""Diffusion's answers to the taxonomy: a send's audience keeps tag ids in JSON, which a
merge of two tags moves too (``coopt.taxonomy.signals``)."""

from typing import Any

from django.utils.translation import gettext

from coopt.taxonomy.models import Tag
from coopt.taxonomy.signals import Reference

from .models import Send

KEY = "diffusion.send.audience"
LISTS = ("add_tags", "remove_tags")


def _naming(tag: Tag) -> list[Send]:
    """The tenant's sends whose audience adds or removes ``tag`` (read in Python: JSON
    lookups differ between SQLite and PostgreSQL, and a tenant has few sends)."""
    sends = Send.objects.filter(tenant_id=tag.tenant_id).only("id", "audience")
    return [
        send
        for send in sends.iterator()
        if any(tag.pk in (send.audience or {}).get(name, []) for name in LISTS)
    ]


def _label() -> str:
    return gettext("Targeted sends: audiences")


def count_audiences(sender: Any, *, tag: Tag, **kwargs: Any) -> list[Reference]:
    return [Reference(KEY, _label(), len(_naming(tag)))]


def move_audiences(sender: Any, *, source: Tag, target: Tag, **kwargs: Any) -> list[Reference]:
    sends = _naming(source)
    for send in sends:
        audience = dict(send.audience)
        for name in LISTS:
            ids = [target.pk if pk == source.pk else pk for pk in audience.get(name, [])]
            audience[name] = list(dict.fromkeys(ids))
        send.audience = audience
        send.save(update_fields=["audience"])
    return [Reference(KEY, _label(), len(sends))]
