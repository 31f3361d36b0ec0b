"""A tenant's anti-farming limits on points (G1): days of job visits that count a month."""

from coopt.tenants.models import Tenant

from .models import PointSettings


def point_settings_of(*, tenant_id: int) -> PointSettings:
    """The tenant's settings, or unsaved defaults."""
    found = PointSettings.objects.filter(tenant_id=tenant_id).first()
    return found if found is not None else PointSettings(tenant_id=tenant_id)


def visit_days_per_month(*, tenant: Tenant) -> int:
    return point_settings_of(tenant_id=tenant.pk).visit_days_per_month
