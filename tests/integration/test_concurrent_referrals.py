"""32 members put the same person forward for the same job at the same instant: the
database rules keep exactly one referral, and everyone else gets a clear answer (R2). The
same person is the same address (in any case) or the same phone number (in any format)."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from coopt.referrals.models import Referral

from .. import factories as f
from ..conftest import World

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MEMBERS = 32
ALREADY = "This person has already been put forward for this job. The first referral counts."


def same_address(number: int) -> dict[str, str]:
    # Either case: the rule is on the normalised address.
    return {"email": "Jane.Doe@Example.org" if number % 2 else "jane.doe@example.org"}


def same_phone(number: int) -> dict[str, str]:
    # Another address each time, one number written two ways.
    phone = "+33 6 12 34 56 78" if number % 2 else "06 12 34 56 78"
    return {"email": f"jane.{number}@example.org", "phone": phone}


@pytest.mark.parametrize("person", [same_address, same_phone])
def test_only_one_of_32_simultaneous_referrals_of_one_person_is_kept(
    world: World, person: Callable[[int], dict[str, str]]
) -> None:
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
            response = client.post(f"/jobs/{world.job.pk}/recommend/", {**form, **person(number)})
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
    if person is same_address:
        assert referral.email_key == "jane.doe@example.org"
    else:
        assert referral.phone_key == "+33612345678"
    assert referral.history.count() == 1
