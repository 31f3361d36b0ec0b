"""The tenant's tags: locations, job families and sectors.

Jobs carry them and members follow them (their interests), so they sit below both apps.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class Tag(models.Model):
    """A location, job family or sector: what jobs carry and members follow."""

    class Kind(models.TextChoices):
        LOCATION = "location", _("Location")
        FAMILY = "family", _("Job family")
        SECTOR = "sector", _("Sector")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        db_table = "jobs_tag"  # the table the jobs app created; the model moved, the rows did not
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "kind", "name"], name="tag_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
