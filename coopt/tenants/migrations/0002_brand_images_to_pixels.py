"""Logos and favicons stored as SVG before uploads were drawn to pixels (defect 16): each is
drawn to a PNG as a new upload would be, or cleared when it cannot be (the company uploads
it again from its settings page). The brand views serve no SVG file either way."""

import logging

from django.core.files.base import ContentFile
from django.db import migrations

logger = logging.getLogger(__name__)


def brand_images_to_pixels(apps, schema_editor):
    # The conversion itself, as uploads use it: its result must be what a new upload gives.
    from coopt.tenants.images import FAVICON_SIDE, LOGO_SIDE, BrandImageError, brand_image

    Tenant = apps.get_model("tenants", "Tenant")
    sides = {"logo": LOGO_SIDE, "favicon": FAVICON_SIDE}
    for tenant in Tenant.objects.exclude(logo="", favicon=""):
        for name, side in sides.items():
            field = getattr(tenant, name)
            if not field.name or not field.name.lower().endswith(".svg"):
                continue
            old_name = field.name
            try:
                with field.open("rb") as handle:
                    image = brand_image(handle.read(), max_side=side)
            except (BrandImageError, OSError):
                logger.warning("tenant %s: the %s %s was cleared", tenant.pk, name, old_name)
                field.delete(save=False)
            else:
                base = old_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                field.save(f"{base}.{image.extension}", ContentFile(image.content), save=False)
                field.storage.delete(old_name)
            tenant.save(update_fields=[name])


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [migrations.RunPython(brand_images_to_pixels, migrations.RunPython.noop)]
