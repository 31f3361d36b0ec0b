"""A request the page cannot answer by itself goes to the company, due in one month."""

import pytest

from coopt.notifications.models import Notification
from coopt.privacy.models import SubjectRequest
from coopt.referrals.models import Referral

from .. import factories as f
from ..conftest import World
from .requests_helpers import JANE_KEY, anonymous, page_path, refer_jane

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_instant")]


@pytest.fixture
def jane(world: World) -> Referral:
    return refer_jane(world)


def request_url(world: World) -> str:
    return page_path(world.acme) + "request/"


def test_the_form_offers_the_kinds_of_request(world, jane):
    html = anonymous(world.acme).get(request_url(world)).content.decode()
    for label in ("See my data", "Download my data", "Correct my data", "Erase my data"):
        assert label in html
    assert 'name="details"' in html


def test_sending_it_records_a_received_request_for_the_admin(world, jane):
    client = anonymous(world.acme)
    response = client.post(
        request_url(world), {"kind": "rectification", "details": "My new address is jd@new.org"}
    )
    assert response.status_code == 302
    recorded = SubjectRequest.objects.get()
    assert recorded.tenant == world.acme
    assert recorded.email_key == JANE_KEY
    assert recorded.kind == SubjectRequest.Kind.RECTIFICATION
    assert recorded.state == SubjectRequest.State.RECEIVED
    assert recorded.completed_at is None
    assert recorded.details == "My new address is jd@new.org"
    html = client.get(page_path(world.acme)).content.decode()
    assert "Your request was sent to Acme" in html
    assert "received, the company answers by" in html  # listed among her requests


def test_an_empty_or_unknown_request_is_refused_with_a_clear_error(world, jane):
    response = anonymous(world.acme).post(request_url(world), {"kind": "hack", "details": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice." in html
    assert "This field is required." in html
    assert not SubjectRequest.objects.exists()


def test_someone_about_whom_nothing_is_held_may_still_write(world):
    response = anonymous(world.acme).post(
        page_path(world.acme, "ghost@example.org") + "request/",
        {"kind": "access", "details": "Do you hold anything about me?"},
    )
    assert response.status_code == 302
    assert SubjectRequest.objects.get().email_key == "ghost@example.org"


def test_every_active_admin_is_told_without_personal_data(world, jane):
    second_admin = f.make_member(world.acme, email="admin2@acme.test", is_admin=True)
    gone = f.make_member(world.acme, email="gone@acme.test", is_admin=True)
    gone.is_active = False
    gone.save()
    anonymous(world.acme).post(
        request_url(world), {"kind": "erasure", "details": "Jane Doe here, erase my CV only"}
    )
    recorded = SubjectRequest.objects.get()
    notes = Notification.objects.filter(subject_ref=f"subjectrequest:{recorded.pk}")
    assert {n.recipient for n in notes} == {world.admin, second_admin}
    for note in notes:
        assert note.url == "/office/privacy/requests/"
        assert "answer by" in note.text
        assert "Jane" not in note.text and JANE_KEY not in note.text
    assert (
        not Notification.objects.filter(recipient__in=[world.recruiter, world.member])
        .filter(subject_ref__startswith="subjectrequest:")
        .exists()
    )
