"""The companies a network operator recruits for (N2).

In a network-mode tenant the tenant is the operator (KeyCoopt), its admins are the operator's
staff, and each job is posted for one of these client companies. A recruiter whose
membership names a client (``Membership.client``) works for that company and sees only its
jobs and their candidates (``coopt/jobs/selectors.py``, ``coopt/referrals/selectors.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopt.tenants.models import Tenant


class ClientCompany(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="client_companies")
    name = models.CharField(_("name"), max_length=120)
    logo = models.FileField(_("logo"), upload_to="clients/logos/", blank=True)
    contact_name = models.CharField(_("contact's name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    contact_phone = models.CharField(_("contact's phone"), max_length=40, blank=True)
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Members and visitors see the public description, never the name."),
    )
    public_description = models.CharField(
        _("public description"),
        max_length=120,
        blank=True,
        help_text=_(
            "Shown instead of the name when the company is confidential, e.g. “a retail company”."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="client_company_unique_name")
        ]
        verbose_name = _("client company")
        verbose_name_plural = _("client companies")

    def __str__(self) -> str:
        return self.name

    @property
    def public_name(self) -> str:
        """What members and visitors read: the description of a confidential company."""
        if self.is_confidential:
            return self.public_description or str(_("a confidential company"))
        return self.name
