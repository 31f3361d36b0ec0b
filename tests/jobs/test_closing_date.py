"""A job's closing date (J1, J5): set in the back office, given to search engines as
``validThrough``, shown on the job pages, and the job closes by itself once it has passed."""

import datetime as dt
import zoneinfo

import extruct
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from coopt.audit.models import AuditEvent
from coopt.jobs.models import Job
from coopt.jobs.services import job_set_status, job_update
from coopt.jobs.tasks import close_expired_jobs

from .. import factories as f
from ..backoffice.test_jobs import job_data
from ..conftest import ACME_HOST, World

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def posting(world: World) -> dict[str, object]:
    path = reverse("jobs:public", args=[world.job.pk])
    response = Client(HTTP_HOST=ACME_HOST).get(path)
    assert response.status_code == 200
    [found] = extruct.extract(
        response.content.decode(), base_url=f"http://{ACME_HOST}{path}", syntaxes=["json-ld"]
    )["json-ld"]
    return dict(found)


def test_the_job_posting_is_valid_through_the_end_of_the_closing_day(world: World) -> None:
    job_update(job=world.job, closes_on=dt.date(2099, 1, 31))
    assert posting(world)["validThrough"] == "2099-01-31T23:59:59+01:00"
    valid_through = dt.datetime.fromisoformat(str(posting(world)["validThrough"]))
    assert valid_through == dt.datetime(2099, 1, 31, 23, 59, 59, tzinfo=PARIS)


def test_a_job_without_a_closing_date_has_no_valid_through(world: World) -> None:
    assert "validThrough" not in posting(world)


def test_the_job_pages_say_when_applications_close_in_the_readers_language(
    world: World,
) -> None:
    job_update(job=world.job, closes_on=dt.date(2099, 3, 5))
    public = Client(HTTP_HOST=ACME_HOST).get(reverse("jobs:public", args=[world.job.pk]))
    assert "Applications close on 5 March 2099." in public.content.decode()
    world.member.user.language = "fr"
    world.member.user.save(update_fields=["language"])
    detail = world.client_for(world.member).get(reverse("jobs:detail", args=[world.job.pk]))
    assert "5 mars 2099" in detail.content.decode()


def test_a_job_without_a_closing_date_says_nothing_of_it(world: World) -> None:
    public = Client(HTTP_HOST=ACME_HOST).get(reverse("jobs:public", args=[world.job.pk]))
    assert 'data-testid="closes-on"' not in public.content.decode()


def test_a_recruiter_sets_a_closing_date(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, 0, tzinfo=PARIS), tick=False):
        response = world.client_for(world.recruiter).post(
            reverse("backoffice:job_edit", args=[world.job.pk]),
            job_data(closes_on="2026-06-10"),
        )
    assert response.status_code == 302
    world.job.refresh_from_db()
    assert world.job.closes_on == dt.date(2026, 6, 10)


def test_a_closing_date_in_the_past_is_refused_and_changes_nothing(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, 0, tzinfo=PARIS), tick=False):
        response = world.client_for(world.recruiter).post(
            reverse("backoffice:job_edit", args=[world.job.pk]),
            job_data(closes_on="2026-06-09"),
        )
    assert response.status_code == 200
    assert response.context["form"].errors["closes_on"] == [
        "The closing date cannot be in the past."
    ]
    world.job.refresh_from_db()
    assert (world.job.title, world.job.closes_on) == ("Account manager", None)


def test_a_past_closing_date_already_set_does_not_block_other_changes(world: World) -> None:
    job_update(job=world.job, closes_on=dt.date(2026, 6, 1))
    job_set_status(job=world.job, status=Job.Status.CLOSED)
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, 0, tzinfo=PARIS), tick=False):
        response = world.client_for(world.recruiter).post(
            reverse("backoffice:job_edit", args=[world.job.pk]),
            job_data(title="Key account manager", closes_on="2026-06-01"),
        )
    assert response.status_code == 302
    world.job.refresh_from_db()
    assert (world.job.title, world.job.closes_on) == ("Key account manager", dt.date(2026, 6, 1))


def test_a_job_closes_by_itself_once_its_closing_day_is_over(world: World) -> None:
    # given a job open until 10 June, and another without a closing date
    job_update(job=world.job, closes_on=dt.date(2026, 6, 10))
    other = f.make_job(world.acme, title="Without a date")
    # when the beat runs on the closing day, then just after midnight
    with time_machine.travel(dt.datetime(2026, 6, 10, 23, 30, tzinfo=PARIS), tick=False):
        assert close_expired_jobs.delay().get() == 0
    with time_machine.travel(dt.datetime(2026, 6, 11, 0, 5, tzinfo=PARIS), tick=False):
        assert close_expired_jobs.delay().get() == 1
        # then it is idempotent
        assert close_expired_jobs.delay().get() == 0
    world.job.refresh_from_db()
    other.refresh_from_db()
    assert world.job.status == Job.Status.CLOSED
    assert world.job.closed_at == dt.datetime(2026, 6, 11, 0, 5, tzinfo=PARIS)
    assert other.status == Job.Status.PUBLISHED
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.JOB_CLOSED)
    assert event.tenant_id == world.acme.pk
    assert event.actor_id is None
    assert event.target == f"job:{world.job.pk}"
    assert event.details == {
        "by": "system:close_expired_jobs",
        "reason": "closing_date",
        "closes_on": "2026-06-10",
    }


def test_a_job_closed_by_its_date_leaves_the_board_and_the_recommend_form(world: World) -> None:
    job_update(job=world.job, closes_on=dt.date(2026, 6, 10))
    with time_machine.travel(dt.datetime(2026, 6, 12, 8, 0, tzinfo=PARIS), tick=False):
        close_expired_jobs.delay().get()
    client = world.client_for(world.member)
    assert (
        Client(HTTP_HOST=ACME_HOST).get(reverse("jobs:public", args=[world.job.pk])).status_code
        == 404
    )
    assert client.get(reverse("jobs:detail", args=[world.job.pk])).status_code == 404
    assert client.get(reverse("referrals:recommend", args=[world.job.pk])).status_code == 404
    assert world.job.title not in client.get(reverse("jobs:board")).content.decode()


def test_a_draft_or_a_job_closed_by_hand_is_left_alone(world: World) -> None:
    draft = f.make_job(world.acme, published=False, closes_on=dt.date(2026, 6, 1))
    job_update(job=world.job, closes_on=dt.date(2026, 6, 1))
    job_set_status(job=world.job, status=Job.Status.FILLED)
    with time_machine.travel(dt.datetime(2026, 6, 12, 8, 0, tzinfo=PARIS), tick=False):
        assert close_expired_jobs.delay().get() == 0
    draft.refresh_from_db()
    world.job.refresh_from_db()
    assert (draft.status, world.job.status) == (Job.Status.DRAFT, Job.Status.FILLED)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.JOB_CLOSED).exists()
