"""One member sends 32 different candidates for the same job at the same instant, in a
network: "one candidate per member per job" keeps exactly one, and every other request gets
the rule's message, not an error (R2)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from coopt.referrals.models import Referral
from coopt.tenants.models import Tenant

from ..conftest import World

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 32
ONE_PER_JOB = "You have already recommended someone for this job"


def test_only_one_of_32_simultaneous_candidates_of_one_member_is_kept(world: World) -> None:
    world.acme.mode = Tenant.Mode.NETWORK
    world.acme.save(update_fields=["mode"])
    clients = [world.client_for(world.member) for _ in range(ATTEMPTS)]
    start = threading.Barrier(ATTEMPTS)

    def submit(number: int) -> tuple[int, str]:
        try:
            start.wait(timeout=30)
            response = clients[number].post(
                f"/jobs/{world.job.pk}/recommend/",
                {
                    "first_name": f"Candidate{number}",
                    "last_name": f"Number{number}",
                    "email": f"candidate{number}@example.org",
                    "phone": "",
                    "relationship": "Former colleague",
                    "motivation": "Sharp",
                    "language": "en",
                },
            )
            return response.status_code, response.content.decode()
        except Exception as error:  # noqa: BLE001 - a crash is an answer we must see
            return 500, repr(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        answers = list(pool.map(submit, range(ATTEMPTS)))

    statuses = sorted(status for status, _body in answers)
    assert 500 not in statuses, [body[:500] for status, body in answers if status == 500]
    assert statuses.count(302) == 1, statuses
    for status, body in answers:
        if status == 200:
            assert ONE_PER_JOB in body
    assert Referral.objects.filter(job=world.job, referrer=world.member).count() == 1
