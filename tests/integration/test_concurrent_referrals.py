"""32 members put the same person forward for the same job at the same instant: the
database rule keeps exactly one referral, and everyone else gets a clear answer (R2)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from coopt.referrals.models import Referral

from .. import factories as f
from ..conftest import World

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MEMBERS = 32
ALREADY = "This person has already been put forward for this job. The first referral counts."


def test_only_one_of_32_simultaneous_referrals_of_one_person_is_kept(world: World) -> None:
    clients = [
        world.client_for(f.make_member(world.acme, email=f"colleague{n}@acme.test"))
        for n in range(MEMBERS)
    ]
    form = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane.doe@example.org",
        "phone": "",
        "relationship": "Former colleague",
        "motivation": "Sharp",
        "language": "en",
    }
    start = threading.Barrier(MEMBERS)

    def submit(number: int) -> tuple[int, str]:
        client = clients[number]
        try:
            start.wait(timeout=30)
            # Either case: the rule is on the normalised address.
            email = "Jane.Doe@Example.org" if number % 2 else "jane.doe@example.org"
            response = client.post(f"/jobs/{world.job.pk}/recommend/", {**form, "email": email})
            return response.status_code, response.content.decode()
        except Exception as error:  # noqa: BLE001 - a crash is an answer we must see
            return 500, repr(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=MEMBERS) as pool:
        answers = list(pool.map(submit, range(MEMBERS)))

    statuses = sorted(status for status, _body in answers)
    assert 500 not in statuses, [body[:500] for status, body in answers if status == 500]
    assert statuses.count(302) == 1, statuses
    assert statuses.count(200) == MEMBERS - 1, statuses
    for status, body in answers:
        if status == 200:
            assert ALREADY in body
    assert Referral.objects.filter(job=world.job).count() == 1
    referral = Referral.objects.get(job=world.job)
    assert referral.email_key == "jane.doe@example.org"
    assert referral.history.count() == 1
