"""The privacy access helpers: admins reach their tenant's requests and purge reports;
a self-service link reaches the person it was made for, in its own tenant only."""

import pytest
from django.http import Http404

from coopt.privacy.models import SubjectRequest
from coopt.privacy.purge import purge_tenant
from coopt.privacy.requests import person_request_other
from coopt.privacy.selectors import access_person, access_purge_run, access_subject_request
from coopt.referrals.self_service_links import self_service_token

from .requests_helpers import JANE, JANE_KEY, refer_jane

pytestmark = pytest.mark.django_db


def _request(world) -> SubjectRequest:
    return person_request_other(
        tenant=world.acme, key=JANE_KEY, kind=SubjectRequest.Kind.ACCESS, details="What?"
    )


def test_the_admin_reaches_a_request_of_their_tenant(world):
    subject_request = _request(world)
    assert access_subject_request(world.admin, subject_request.pk) == subject_request


@pytest.mark.parametrize("persona", ["recruiter", "member", "outsider"])
def test_nobody_else_reaches_a_request(world, persona):
    subject_request = _request(world)
    with pytest.raises(Http404):
        access_subject_request(getattr(world, persona), subject_request.pk)


def test_only_the_tenants_admin_reaches_a_purge_report(world):
    run, _erased = purge_tenant(tenant=world.acme)
    assert access_purge_run(world.admin, run.pk) == run
    for persona in (world.recruiter, world.outsider):
        with pytest.raises(Http404):
            access_purge_run(persona, run.pk)


def test_a_link_reaches_the_person_in_its_own_tenant_only(world):
    refer_jane(world)
    person = access_person(world.acme, self_service_token(tenant=world.acme, email=JANE))
    assert person.key == JANE_KEY and len(person.referrals) == 1
    with pytest.raises(Http404):
        access_person(world.globex, self_service_token(tenant=world.acme, email=JANE))
    with pytest.raises(Http404):
        access_person(world.acme, "tampered")
