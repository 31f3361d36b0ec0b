"""The operator's qualification (N3): every referral of a network waits in the operator's
queue; a qualifier assesses, then forwards it to the client with a summary or declines it
with a reason, and the candidate, the referrer and the client hear of it."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from coopt.audit.actors import Actor
from coopt.audit.models import AuditEvent
from coopt.gamification.models import Action as PointAction
from coopt.gamification.models import PointEvent
from coopt.jobs.models import Job
from coopt.notifications.models import Notification, OutboundEmail
from coopt.referrals.models import Qualification, Referral, Status
from coopt.referrals.services import referral_erase_personal_data
from coopt.referrals.services.pipeline import PipelineError
from coopt.referrals.services.qualification import referral_decline, referral_forward

from .. import factories as f
from ..conftest import World
from .conftest import Network

pytestmark = pytest.mark.django_db


def confirmed(
    network: Network, first_name: str = "Zoé", *, job: Job | None = None, **fields: object
) -> Referral:
    """A referral for the bakery's job (or ``job``), confirmed by the person, by the
    network's member on a new job of the bakery (one candidate per referrer per job)."""
    if job is None:
        job = f.make_job(network.tenant, author=network.operator.user, client=network.bakery)
    return f.refer(
        referrer=network.coopteur,
        job=job,
        first_name=first_name,
        confirmed=True,
        **fields,  # type: ignore[arg-type]
    )


def queue_page(network: Network, query: str = "") -> str:
    client = network.client_for(network.operator)
    response = client.get(reverse("backoffice:qualification_queue") + query)
    assert response.status_code == 200
    return response.content.decode()


# The queue -----------------------------------------------------------------------------


def test_a_confirmed_referral_waits_in_the_operators_queue(network: Network) -> None:
    waiting = confirmed(network, phone="+33 6 12 34 56 78")
    f.refer(referrer=f.make_member(network.tenant), job=network.bakery_job, first_name="Awaiting")
    page = queue_page(network)
    assert "Zoé" in page
    assert 'href="tel:+33 6 12 34 56 78"' in page
    assert reverse("backoffice:candidate", args=[waiting.pk]) in page
    # Forwarded ones left the queue; the one not confirmed yet is only counted.
    assert "Paul" not in page
    assert "Awaiting" not in page
    assert 'data-testid="awaiting-consent"' in page


def test_the_queue_marks_those_past_the_target(network: Network) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        confirmed(network, first_name="Old")
    confirmed(network, first_name="Fresh")
    page = queue_page(network)
    assert page.count('data-testid="overdue"') == 1
    overdue_only = queue_page(network, "?overdue=on")
    assert "Old" in overdue_only
    assert "Fresh" not in overdue_only


def test_the_queue_filters_by_qualifier_and_client(network: Network) -> None:
    mine = confirmed(network, first_name="Mine")
    confirmed(network, first_name="Unassigned")
    other_client = f.refer(
        referrer=f.make_member(network.tenant),
        job=network.secret_job,
        first_name="Secret",
        confirmed=True,
    )
    client = network.client_for(network.operator)
    response = client.post(
        reverse("backoffice:qualification_assign", args=[mine.pk]),
        {"qualifier": network.operator.pk},
    )
    assert response.status_code == 302
    assert Qualification.objects.get(referral=mine).assigned_to == network.operator
    assert "Mine" in queue_page(network, "?assigned=me")
    assert "Unassigned" not in queue_page(network, "?assigned=me")
    nobody = queue_page(network, "?assigned=nobody")
    assert "Unassigned" in nobody and "Mine" not in nobody
    bakery_only = queue_page(network, f"?client={network.bakery.pk}")
    assert "Mine" in bakery_only and other_client.first_name not in bakery_only


def test_the_queue_says_what_to_expect_when_empty(network: Network) -> None:
    assert "Nobody is waiting for a call" in queue_page(network)


def test_only_the_operators_staff_open_the_queue(network: Network, world: World) -> None:
    url = reverse("backoffice:qualification_queue")
    assert network.client_for(network.bakery_recruiter).get(url).status_code == 403
    assert network.client_for(network.coopteur).get(url).status_code == 403
    # A company in internal mode has no qualification.
    assert world.client_for(world.admin).get(url).status_code == 404


# Assessing and forwarding ----------------------------------------------------------------


def test_the_qualifier_records_the_assessment_and_sees_the_call_script(network: Network) -> None:
    job = f.make_job(
        network.tenant,
        author=network.operator.user,
        client=network.bakery,
        call_script="Ask about night shifts.",
    )
    referral = confirmed(network, job=job)
    client = network.client_for(network.operator)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert 'data-testid="qualification"' in page
    assert "Ask about night shifts." in page
    response = client.post(
        reverse("backoffice:qualification_assess", args=[referral.pk]),
        {
            "fit": "4",
            "motivation": "5",
            "availability": "one_month",
            "salary_expectation": "32k",
            "notes": "Called at noon.",
        },
    )
    assert response.status_code == 302
    qualification = Qualification.objects.get(referral=referral)
    assert (qualification.fit, qualification.motivation) == (4, 5)
    assert qualification.notes == "Called at noon."


def test_a_score_outside_one_to_five_is_refused_and_nothing_saved(network: Network) -> None:
    referral = confirmed(network)
    client = network.client_for(network.operator)
    response = client.post(
        reverse("backoffice:qualification_assess", args=[referral.pk]), {"fit": "9"}
    )
    assert response.status_code == 400
    assert not Qualification.objects.filter(referral=referral, fit=9).exists()


def test_forwarding_opens_the_candidate_to_the_client_and_tells_everyone(
    network: Network,
) -> None:
    referral = confirmed(network)
    client = network.client_for(network.operator)
    response = client.post(
        reverse("backoffice:qualification_forward", args=[referral.pk]),
        {"summary": "Ten years of baking; free from March."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.forwarded_at is not None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CANDIDATE_FORWARDED, target=f"referral:{referral.pk}"
    ).exists()
    # The client's recruiter is told, by e-mail and in the app, and reads the summary.
    about = OutboundEmail.objects.filter(subject_ref=f"referral:{referral.pk}")
    email = about.get(template="candidate-forwarded")
    assert email.to_email == network.bakery_recruiter.user.email
    assert Notification.objects.filter(recipient=network.bakery_recruiter).exists()
    page = network.client_for(network.bakery_recruiter).get(referral.get_absolute_url())
    assert page.status_code == 200
    assert "Ten years of baking" in page.content.decode()
    # The referrer is told and earns the forwarding's points.
    assert Notification.objects.filter(recipient=network.coopteur, text__contains="Zoé").exists()
    assert PointEvent.objects.filter(
        member=network.coopteur, action=PointAction.REFERRAL_FORWARDED
    ).exists()


def test_the_call_notes_stay_with_the_operator(network: Network) -> None:
    referral = confirmed(network)
    operator = network.client_for(network.operator)
    operator.post(
        reverse("backoffice:qualification_assess", args=[referral.pk]),
        {"notes": "Private: divorce, wants to move."},
    )
    f.forward(referral, by=network.operator)
    client_page = network.client_for(network.bakery_recruiter).get(referral.get_absolute_url())
    assert "divorce" not in client_page.content.decode()
    assert "divorce" in operator.get(referral.get_absolute_url()).content.decode()


def test_a_summary_is_required_to_forward(network: Network) -> None:
    referral = confirmed(network)
    client = network.client_for(network.operator)
    response = client.post(
        reverse("backoffice:qualification_forward", args=[referral.pk]), {"summary": " "}
    )
    assert response.status_code == 400
    assert "Write the summary the client will read." in response.content.decode()
    referral.refresh_from_db()
    assert referral.forwarded_at is None


def test_a_referral_is_forwarded_once_and_only_once_confirmed(network: Network) -> None:
    awaiting = f.refer(referrer=f.make_member(network.tenant), job=network.bakery_job)
    actor, author = Actor.member(network.operator), network.operator.user
    with pytest.raises(PipelineError, match="not confirmed"):
        referral_forward(referral=awaiting, summary="x", actor=actor, author=author)
    with pytest.raises(PipelineError, match="already forwarded"):
        referral_forward(referral=network.bakery_referral, summary="x", actor=actor, author=author)


def test_the_sponsor_earns_points_for_the_sponsees_first_forwarded_referral_only(
    network: Network,
) -> None:
    sponsor = f.make_member(network.tenant, email="sponsor@reseau.test")
    network.coopteur.sponsor = sponsor
    network.coopteur.save(update_fields=["sponsor"])
    f.forward(confirmed(network, first_name="One"), by=network.operator)
    f.forward(confirmed(network, first_name="Two"), by=network.operator)
    earned = PointEvent.objects.filter(member=sponsor, action=PointAction.SPONSEE_FORWARDED)
    assert earned.count() == 1


# Declining ---------------------------------------------------------------------------------


def test_declining_closes_the_referral_and_writes_to_candidate_and_referrer(
    network: Network,
) -> None:
    referral = confirmed(network, language="de")
    network.coopteur.user.language = "fr"
    network.coopteur.user.save(update_fields=["language"])
    client = network.client_for(network.operator)
    response = client.post(
        reverse("backoffice:qualification_decline", args=[referral.pk]),
        {"reason": "salary", "message": "Keep in touch."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.NOT_RETAINED
    assert referral.forwarded_at is None
    about = OutboundEmail.objects.filter(subject_ref=f"referral:{referral.pk}")
    to_candidate = about.get(template="qualification-declined-candidate")
    assert to_candidate.to_email == referral.email
    assert to_candidate.language == "de"
    assert "Keep in touch." in to_candidate.body_text
    assert "/privacy/" in to_candidate.body_text
    to_referrer = about.get(template="qualification-declined-referrer")
    assert to_referrer.language == "fr"
    with translation.override("fr"):
        assert str(Qualification.DeclineReason.SALARY.label) in to_referrer.body_text
    # No status e-mail besides, and the client hears nothing.
    assert not about.filter(template__in=["candidate-status", "referrer-status"]).exists()
    assert not about.filter(template="candidate-forwarded").exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.CANDIDATE_DECLINED)
    assert event.details["reason"] == "salary"


def test_a_decline_needs_a_reason(network: Network) -> None:
    referral = confirmed(network)
    client = network.client_for(network.operator)
    response = client.post(reverse("backoffice:qualification_decline", args=[referral.pk]), {})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == Status.RECOMMENDED
    with pytest.raises(PipelineError, match="reason"):
        referral_decline(
            referral=referral,
            reason="whim",
            message="",
            actor=Actor.member(network.operator),
            author=network.operator.user,
        )


def test_erasing_the_persons_data_blanks_the_qualification(network: Network) -> None:
    referral = confirmed(network)
    network.client_for(network.operator).post(
        reverse("backoffice:qualification_assess", args=[referral.pk]),
        {"notes": "Lives in Lyon", "salary_expectation": "40k", "fit": "3"},
    )
    referral_erase_personal_data(referral=referral)
    qualification = Qualification.objects.get(referral=referral)
    assert (qualification.notes, qualification.salary_expectation) == ("", "")
    assert qualification.fit == 3  # an assessment, not about who they are


def test_the_qualifier_marks_a_candidate_from_the_referrers_employer(network: Network) -> None:
    referral = confirmed(network)
    assert referral.own_employer is False
    client = network.client_for(network.operator)
    client.post(
        reverse("backoffice:qualification_assess", args=[referral.pk]),
        {"notes": "Works with the referrer", "own_employer": "on"},
    )
    referral.refresh_from_db()
    assert referral.own_employer is True
    page = client.get(referral.get_absolute_url()).content.decode()
    checkbox = re.search(r'<input[^>]*name="own_employer"[^>]*>', page)
    assert checkbox is not None and "checked" in checkbox.group(0)


def test_the_target_is_the_networks_rule(network: Network) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        confirmed(network, first_name="Old")
    assert 'data-testid="overdue"' in queue_page(network)
    client = network.client_for(network.operator)
    form = {
        "sponsorships_per_month": "5",
        "one_candidate_per_job": "mode",
        "wave_delay_hours": "24",
        "qualification_target_hours": "100",
    }
    assert client.post(reverse("network:rules"), form).status_code == 302
    page = queue_page(network)
    assert 'data-testid="overdue"' not in page
    assert "100 hours" in page
    refused = client.post(reverse("network:rules"), {**form, "qualification_target_hours": "0"})
    assert "Give a number of hours from 1 to 720 (30 days)." in refused.content.decode()
