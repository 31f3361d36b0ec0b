"""Writes of the admin's pages that belong to no app below: the tenant's branding, the
first-run checklist hidden."""

from collections.abc import Mapping

from django.db import models, transaction
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.audit.actors import Actor
from coopt.audit.services import Action, audit_record, audit_target
from coopt.tenants.models import Tenant

# What an admin may change of their company; the slug, mode and activity are the operator's.
# The settings page shows them in this order.
BRANDING_FIELDS = (
    "name",
    "logo",
    "favicon",
    "primary_colour",
    "accent_colour",
    "email_sender_name",
    "email_sender_address",
    "default_language",
    "enabled_languages",
)


@transaction.atomic
def tenant_branding_update(
    *, tenant: Tenant, changes: Mapping[str, object], actor: Actor
) -> Tenant:
    """Save the changed branding fields (T1, T2), recorded in the audit log by name.

    ``changes`` maps field names to cleaned values, as a form leaves them: an uploaded
    file, or False to clear one.
    """
    unknown = set(changes) - set(BRANDING_FIELDS)
    if unknown:
        raise ValueError(f"Not branding: {sorted(unknown)}")
    for name, value in changes.items():
        field = tenant._meta.get_field(name)
        assert isinstance(field, models.Field)  # a plain column, for the type checker
        # As a model form saves it: a file field stores an upload, or clears on False.
        field.save_form_data(tenant, value)
    if changes:
        tenant.save(update_fields=sorted(changes))
    audit_record(
        actor=actor,
        tenant_id=tenant.pk,
        action=Action.SETTINGS_CHANGED,
        target=audit_target(tenant),
        details={"section": "branding", "fields": sorted(changes)},
    )
    return tenant


def checklist_dismiss(*, membership: Membership) -> None:
    """The admin hides the first-run checklist of the home page, for good (their choice
    alone: another admin still sees it)."""
    if membership.checklist_dismissed_at is None:
        membership.checklist_dismissed_at = timezone.now()
        membership.save(update_fields=["checklist_dismissed_at"])
