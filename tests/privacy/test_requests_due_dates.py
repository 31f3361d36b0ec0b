"""A request is due one calendar month after it is received (Y3)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coopt.privacy.models import SubjectRequest
from coopt.privacy.requests import add_one_month, person_request_other, subject_request_record

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ((2027, 1, 31), (2027, 2, 28)),
        ((2028, 1, 31), (2028, 2, 29)),  # leap year
        ((2027, 1, 15), (2027, 2, 15)),
        ((2027, 3, 31), (2027, 4, 30)),
        ((2027, 4, 30), (2027, 5, 30)),
        ((2027, 8, 31), (2027, 9, 30)),
        ((2027, 12, 31), (2028, 1, 31)),  # over the year end
        ((2027, 12, 5), (2028, 1, 5)),
    ],
)
def test_one_calendar_month_later_keeps_the_day_or_takes_the_last_one(
    received: tuple[int, int, int], due: tuple[int, int, int]
) -> None:
    moment = datetime(*received, 10, 30, tzinfo=PARIS)
    assert add_one_month(moment) == datetime(*due, 10, 30, tzinfo=PARIS)


def test_the_month_is_counted_in_local_time_not_utc():
    # 30 March 23:30 UTC is already 31 March in Paris: due on 30 April there, not on 1 May.
    moment = datetime(2027, 3, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    due = add_one_month(moment).astimezone(PARIS)
    assert (due.year, due.month, due.day, due.hour, due.minute) == (2027, 4, 30, 1, 30)


def test_the_wall_clock_time_survives_a_change_to_summer_time():
    moment = datetime(2027, 3, 15, 9, 0, tzinfo=PARIS)  # winter time, UTC+1
    due = add_one_month(moment)
    assert due.astimezone(PARIS).hour == 9
    assert due.utcoffset() != moment.utcoffset()


@pytest.mark.django_db
def test_a_request_received_on_january_31_is_due_on_the_last_day_of_february(world):
    with time_machine.travel(datetime(2028, 1, 31, 14, 0, tzinfo=PARIS), tick=False):
        recorded = person_request_other(
            tenant=world.acme, key="jane@example.org", kind="access", details="What do you hold?"
        )
    assert recorded.state == SubjectRequest.State.RECEIVED
    assert recorded.completed_at is None
    assert recorded.received_at == datetime(2028, 1, 31, 14, 0, tzinfo=PARIS)
    assert recorded.due_at == datetime(2028, 2, 29, 14, 0, tzinfo=PARIS)


@pytest.mark.django_db
def test_a_request_done_at_once_is_completed_when_received_and_still_has_its_due_date(world):
    with time_machine.travel(datetime(2027, 5, 31, 8, 0, tzinfo=PARIS), tick=False):
        recorded = subject_request_record(
            tenant=world.acme, key="jane@example.org", kind="export", completed=True
        )
    assert recorded.state == SubjectRequest.State.DONE
    assert recorded.completed_at == recorded.received_at
    assert recorded.due_at == datetime(2027, 6, 30, 8, 0, tzinfo=PARIS)
