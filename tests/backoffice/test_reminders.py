"""Reminders about candidates: add one, see what is due, mark it done (R5)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coopt.referrals.models import Reminder
from coopt.referrals.services import reminder_add

from .. import factories as f

pytestmark = pytest.mark.django_db

GRACE: f.Person = {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"}
ALAN: f.Person = {"first_name": "Alan", "last_name": "Turing", "email": "alan@example.org"}


def days(count: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=count)


def test_a_recruiter_adds_a_reminder_for_themself(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:reminder_create", args=[grace.pk]),
        {"due_on": days(3).isoformat(), "text": "  Call about the offer "},
    )
    assert response["Location"] == reverse("backoffice:candidate", args=[grace.pk]) + "#reminders"
    reminder = Reminder.objects.get()
    assert (reminder.owner, reminder.due_on, reminder.text) == (
        world.recruiter,
        days(3),
        "Call about the offer",
    )
    assert reminder.tenant == world.acme


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"due_on": "", "text": "Call"}, "due_on"),
        ({"due_on": "not a date", "text": "Call"}, "due_on"),
        ({"due_on": "2001-01-01", "text": "Call"}, "due_on"),
        ({"due_on": "2999-01-01", "text": ""}, "text"),
    ],
)
def test_a_reminder_needs_a_date_from_today_and_a_text(world, data, field):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:reminder_create", args=[grace.pk]), data
    )
    assert response.status_code == 400
    assert field in response.context["reminder_form"].errors
    assert not Reminder.objects.exists()


def test_the_due_list_shows_my_open_reminders_soonest_first_overdue_highlighted(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    alan = f.refer(referrer=world.member, job=world.job, confirmed=True, **ALAN)
    reminder_add(referral=grace, owner=world.recruiter, due_on=days(5), text="Later")
    overdue = reminder_add(referral=alan, owner=world.recruiter, due_on=days(0), text="Today")
    Reminder.objects.filter(pk=overdue.pk).update(due_on=days(-2), text="Overdue")
    reminder_add(referral=grace, owner=world.recruiter, due_on=days(0), text="Today")
    done = reminder_add(referral=grace, owner=world.recruiter, due_on=days(1), text="Finished")
    done.done_at = timezone.now()
    done.save()
    reminder_add(referral=grace, owner=world.admin, due_on=days(0), text="Colleague's")
    response = world.client_for(world.recruiter).get(reverse("backoffice:reminders"))
    assert [r.text for r in response.context["reminders"]] == ["Overdue", "Today", "Later"]
    html = response.content.decode()
    assert html.count('data-testid="overdue"') == 1
    assert "Finished" not in html
    assert "Colleague" not in html
    assert reverse("backoffice:candidate", args=[alan.pk]) in html


def test_an_empty_due_list_says_what_to_do(world):
    html = world.client_for(world.recruiter).get(reverse("backoffice:reminders")).content.decode()
    assert "You have no open reminder" in html


def test_marking_a_reminder_done_takes_it_off_the_list(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    reminder = reminder_add(referral=grace, owner=world.recruiter, due_on=days(0), text="Call")
    client = world.client_for(world.recruiter)
    response = client.post(reverse("backoffice:reminder_done", args=[reminder.pk]))
    assert response["Location"] == reverse("backoffice:reminders")
    reminder.refresh_from_db()
    assert reminder.done_at is not None
    assert "Call" not in client.get(reverse("backoffice:reminders")).content.decode()


def test_marking_done_returns_to_the_candidate_page_when_asked(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    reminder = reminder_add(referral=grace, owner=world.recruiter, due_on=days(0), text="Call")
    back = reverse("backoffice:candidate", args=[grace.pk]) + "#reminders"
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:reminder_done", args=[reminder.pk]), {"next": back}
    )
    assert response["Location"] == back


def test_a_colleagues_reminder_cannot_be_marked_done(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    reminder = reminder_add(referral=grace, owner=world.admin, due_on=days(0), text="Mine")
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:reminder_done", args=[reminder.pk])
    )
    assert response.status_code == 404
    reminder.refresh_from_db()
    assert reminder.done_at is None


def test_the_candidate_page_lists_reminders_with_their_owner(world):
    grace = f.refer(referrer=world.member, job=world.job, confirmed=True, **GRACE)
    reminder_add(referral=grace, owner=world.admin, due_on=days(2), text="Send the offer")
    other = f.make_member(world.acme, is_recruiter=True)
    reminder_add(referral=grace, owner=other, due_on=days(1), text="Check references")
    html = (
        world.client_for(world.recruiter)
        .get(reverse("backoffice:candidate", args=[grace.pk]))
        .content.decode()
    )
    assert "Send the offer" in html
    assert "Check references" in html
    # Only the owner gets a "mark done" button.
    assert "/done/" not in html
