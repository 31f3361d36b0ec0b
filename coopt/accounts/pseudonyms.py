"""The pseudonym a network's client companies see instead of a referrer (N5).

A client's recruiter never learns who recommended a candidate: not the name, the e-mail, the
phone nor the membership's id. They read "Referrer #4821", the same number for the same
referrer on every page, e-mail and export, so that they can tell that two candidates came
from the same person. The number is drawn at random (it says nothing about the membership's
id or about when the referrer joined) the first time the referrer's candidate is forwarded.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Membership

LOWEST = 1000
HIGHEST = 99999
ATTEMPTS = 20


def referrer_number_ensure(*, member: Membership) -> int:
    """The member's pseudonym number, drawn now if they have none; unique in the tenant."""
    if member.referrer_number is not None:
        return member.referrer_number
    for _attempt in range(ATTEMPTS):
        number = LOWEST + secrets.randbelow(HIGHEST - LOWEST + 1)
        try:
            with transaction.atomic():
                updated = Membership.objects.filter(
                    pk=member.pk, referrer_number__isnull=True
                ).update(referrer_number=number)
        except IntegrityError:
            continue  # another referrer of the tenant holds it: draw again
        if not updated:  # drawn meanwhile by another request
            member.refresh_from_db(fields=["referrer_number"])
        else:
            member.referrer_number = number
        assert member.referrer_number is not None
        return member.referrer_number
    raise RuntimeError("no free referrer number")  # pragma: no cover: 99,000 numbers


def referrer_pseudonym(member: Membership) -> str:
    """What a client company reads instead of the referrer's name."""
    if member.referrer_number is None:
        return _("A referrer")
    return _("Referrer #%(number)s") % {"number": member.referrer_number}
