"""An e-mail address longer than its column holds (254) is a form error, never a 500.

The standard validator accepts addresses of up to 320 characters; the database column does
not. Every form where an address is typed refuses them with a message, and nothing is saved.
"""

import pytest
from django.urls import reverse

from coopt.accounts.models import Membership
from coopt.referrals.models import Referral

# 64 + 1 + 190 = 255 characters, a valid address by the standard's own limits.
TOO_LONG = "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "example"
AT_THE_LIMIT = "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "exampl"
assert (len(TOO_LONG), len(AT_THE_LIMIT)) == (255, 254)

PERSON = {"first_name": "Ada", "last_name": "Lovelace", "phone": "", "language": "en"}


@pytest.mark.parametrize(("email", "kept"), [(TOO_LONG, False), (AT_THE_LIMIT, True)])
def test_the_recommend_form_refuses_an_address_too_long_for_its_column(world, email, kept):
    response = world.client_for(world.member).post(
        reverse("referrals:recommend", args=[world.job.pk]),
        {**PERSON, "email": email, "relationship": "Colleague", "motivation": "Sharp"},
    )
    assert response.status_code == (302 if kept else 200)
    if not kept:
        assert "at most 254 characters" in str(response.context["form"].errors["email"])
    assert Referral.objects.filter(job=world.job).exists() is kept


def test_the_public_application_refuses_an_address_too_long_for_its_column(world):
    response = world.client_for(None).post(
        reverse("jobs:public", args=[world.job.pk]),
        {**PERSON, "email": TOO_LONG, "motivation": "", "consent": "on"},
    )
    assert response.status_code == 200
    assert "at most 254 characters" in str(response.context["form"].errors["email"])
    assert not Referral.objects.filter(job=world.job).exists()


def test_the_member_invitation_refuses_an_address_too_long_for_its_column(world):
    before = Membership.objects.count()
    response = world.client_for(world.admin).post(
        reverse("backoffice:member_invite"),
        {"email": TOO_LONG, "first_name": "Nina", "last_name": "New"},
    )
    assert response.status_code == 200
    assert "at most 254 characters" in str(response.context["form"].errors["email"])
    assert Membership.objects.count() == before
