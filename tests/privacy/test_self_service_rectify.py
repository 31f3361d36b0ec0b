"""Correcting one's name and phone: every referral of the person here, and a request recorded."""

import pytest

from coopt.privacy.models import SubjectRequest
from coopt.privacy.requests import person_rectify
from coopt.referrals.models import Referral

from .. import factories as f
from ..conftest import World
from .requests_helpers import JANE_KEY, anonymous, page_path, refer_jane

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_instant")]


@pytest.fixture
def jane(world: World) -> Referral:
    return refer_jane(world)


def correct_url(world: World) -> str:
    return page_path(world.acme) + "correct/"


def test_the_form_is_filled_with_what_is_held_and_says_how_to_change_the_email(world, jane):
    url = correct_url(world)
    html = anonymous(world.acme).get(url).content.decode()
    assert 'value="Jane"' in html
    assert 'value="Doe"' in html
    assert 'value="06 12 34 56 78"' in html
    assert 'name="email"' not in html
    assert "cannot be changed here" in html
    assert f'href="{url.removesuffix("correct/")}request/"' in html


def test_correcting_updates_every_referral_of_the_person_and_records_a_request(world, jane):
    second = f.make_job(world.acme, author=world.recruiter.user, title="Field engineer")
    other_job = refer_jane(world, job=second)
    url = correct_url(world)
    response = anonymous(world.acme).post(
        url, {"first_name": "Janet", "last_name": "Doe-Smith", "phone": "+33 7 00 00 00 01"}
    )
    assert response.status_code == 302
    assert response["Location"] == url.removesuffix("correct/")
    for referral in (jane, other_job):
        referral.refresh_from_db()
        assert (referral.first_name, referral.last_name) == ("Janet", "Doe-Smith")
        assert referral.phone == "+33 7 00 00 00 01"
        assert referral.phone_key == "+33700000001"  # duplicate detection follows the new number
    recorded = SubjectRequest.objects.get()
    assert recorded.kind == SubjectRequest.Kind.RECTIFICATION
    assert recorded.state == SubjectRequest.State.DONE
    assert recorded.email_key == JANE_KEY
    assert recorded.completed_at is not None
    # The record names the fields, never the values (which would outlive an erasure).
    assert "first name" in recorded.details and "phone" in recorded.details
    assert "Janet" not in recorded.details


def test_the_page_shows_the_corrected_data(world, jane):
    client = anonymous(world.acme)
    client.post(correct_url(world), {"first_name": "Janet", "last_name": "Doe", "phone": ""})
    html = client.get(page_path(world.acme)).content.decode()
    assert "Janet Doe" in html
    assert "Your data is corrected." in html


def test_an_empty_phone_removes_it(world, jane):
    anonymous(world.acme).post(
        correct_url(world), {"first_name": "Jane", "last_name": "Doe", "phone": ""}
    )
    jane.refresh_from_db()
    assert jane.phone == "" and jane.phone_key == ""


def test_bad_input_is_refused_with_a_clear_error_and_nothing_changes(world, jane):
    response = anonymous(world.acme).post(
        correct_url(world), {"first_name": "", "last_name": "Doe", "phone": "call me maybe"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Enter a phone number" in html
    jane.refresh_from_db()
    assert jane.first_name == "Jane"
    assert not SubjectRequest.objects.exists()


def test_saving_without_a_change_records_nothing(world, jane):
    response = anonymous(world.acme).post(
        correct_url(world), {"first_name": "Jane", "last_name": "Doe", "phone": "06 12 34 56 78"}
    )
    assert response.status_code == 302
    assert not SubjectRequest.objects.exists()


def test_the_email_cannot_be_changed_by_posting_it(world, jane):
    anonymous(world.acme).post(
        correct_url(world),
        {"first_name": "Jane", "last_name": "Doe", "phone": "", "email": "evil@example.org"},
    )
    jane.refresh_from_db()
    assert jane.email_key == JANE_KEY
    assert "evil" not in jane.email


def test_it_leaves_the_same_person_in_another_tenant_alone(world, jane):
    globex = refer_jane(world, job=world.globex_job, member=world.outsider_member)
    person_rectify(tenant=world.acme, key=JANE_KEY, first_name="Janet", last_name="D", phone="")
    globex.refresh_from_db()
    assert (globex.first_name, globex.last_name) == ("Jane", "Doe")


def test_erased_referrals_are_not_brought_back(world, jane):
    from coopt.referrals.services import referral_erase_personal_data

    old = refer_jane(world, job=f.make_job(world.acme, author=world.recruiter.user, title="Old"))
    referral_erase_personal_data(referral=old)
    person_rectify(tenant=world.acme, key=JANE_KEY, first_name="Janet", last_name="D", phone="")
    old.refresh_from_db()
    assert old.first_name == ""
    assert Referral.objects.filter(first_name="Janet").count() == 1
