"""The tenant's tags: locations, job families and sectors.

Jobs carry them and members follow them (their interests), so they sit below both apps.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from coopt.tenants.models import Tenant


class TagQuerySet(models.QuerySet["Tag"]):
    def active(self) -> "TagQuerySet":
        """The tags offered for new choices: archived ones stay on what already carries them."""
        return self.filter(is_archived=False)


class Tag(models.Model):
    """A location, job family or sector: what jobs carry and members follow."""

    class Kind(models.TextChoices):
        LOCATION = "location", _("Location")
        FAMILY = "family", _("Job family")
        SECTOR = "sector", _("Sector")

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    # The name in the tenant's default language; the one shown when no translation fits.
    name = models.CharField(_("name"), max_length=80)
    # The name in other languages the tenant enabled: {"de": "München", …}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # Locations only: ISO 3166-1 alpha-2; blank reads the tenant's default country.
    country = CountryField(_("country"), blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)

    objects = TagQuerySet.as_manager()

    class Meta:
        db_table = "jobs_tag"  # the table the jobs app created; the model moved, the rows did not
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "kind", "name"], name="tag_unique_name")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language, else the tag's own name."""
        language = (get_language() or "").split("-")[0]
        return str(self.translations.get(language) or self.name)

    def name_in(self, language: str) -> str:
        return str(self.translations.get(language) or self.name)
