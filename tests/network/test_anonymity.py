"""Anonymity in a network (N4, N5): a client company's recruiters never read who
recommended a candidate (not the name, the e-mail, the employer nor an id), only a stable
pseudonym and the level; referrers read nothing of other referrers but their own sponsor
line, by first name. Every page such a person can open is rendered (walked from the
URLconf's declarations), with the e-mails and notifications they receive, and searched
for the referrer's identifiers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coopt.accounts.models import Membership
from coopt.network.models import Sponsorship
from coopt.notifications.models import Notification, OutboundEmail
from coopt.referrals.models import Referral, Status
from coopt.referrals.services import note_add, referral_set_status, reminder_add
from coopt.rewards.models import Reward, RewardRule
from coopt.rewards.services.rules import reward_rule_save

from .. import factories as f
from ..referrals.cv_files import pdf_upload
from .conftest import Network
from .scan import pages

pytestmark = pytest.mark.django_db

MEMBERSHIP_ID = 987_654
USER_ID = 876_543
IDENTIFIERS = (
    "Zebulon",
    "Quixote",
    "zebulon.quixote",
    "referrer.test",
    str(MEMBERSHIP_ID),
    str(USER_ID),
)


@pytest.fixture
def zebulon(network: Network) -> Membership:
    """A referrer with unmistakable identifiers, who asked for their name on leaderboards."""
    user = f.UserFactory.create(
        id=USER_ID,
        email="zebulon.quixote@referrer.test",
        first_name="Zebulon",
        last_name="Quixote",
    )
    return Membership.objects.create(
        pk=MEMBERSHIP_ID,
        tenant=network.tenant,
        user=user,
        employer_name="Quixote Industries",
        employer_domain="quixote.test",
        leaderboard_name_shown=True,
        onboarded_at=timezone.now(),
    )


@pytest.fixture
def candidate(network: Network, zebulon: Membership) -> Referral:
    """Zebulon's candidate: forwarded, hired by the client (a reward is due to Zebulon),
    with a note and a reminder; and a second one, forwarded and met."""
    reward_rule_save(
        rule=RewardRule(kind="cash", currency="EUR", amount=Decimal("500")),
        tenant=network.tenant,
        author=network.operator.user,
    )
    job = f.make_job(network.tenant, author=network.operator.user, client=network.bakery)
    hired = f.forward(
        f.refer(referrer=zebulon, job=job, first_name="Jon", confirmed=True),
        by=network.operator,
    )
    referral_set_status(referral=hired, status=Status.HIRED, author=network.bakery_recruiter.user)
    referral = f.refer(
        referrer=zebulon,
        job=network.bakery_job,
        first_name="Iris",
        cv=pdf_upload("iris.pdf"),
        confirmed=True,
    )
    referral = f.forward(referral, by=network.operator)
    recruiter = network.bakery_recruiter
    referral = referral_set_status(referral=referral, status=Status.MET, author=recruiter.user)
    note_add(referral=referral, author=recruiter.user, body="Good interview.")
    reminder_add(
        referral=referral,
        owner=recruiter,
        due_on=timezone.localdate() + datetime.timedelta(days=1),
        text="Call back",
    )
    return referral


def leaks(text: str) -> list[str]:
    return [identifier for identifier in IDENTIFIERS if identifier in text]


def test_a_client_recruiter_reads_no_referrer_identity_anywhere(
    network: Network, candidate: Referral, zebulon: Membership
) -> None:
    recruiter = network.bakery_recruiter
    objects = {
        "job": network.bakery_job,
        "referral": candidate,
        "document": candidate.documents.get(),
        "reminder": candidate.reminders.get(),
    }
    client = network.client_for(recruiter)
    opened = []
    for page in pages(objects):
        response = client.get(page.url)
        if response.status_code != 200:
            continue
        body = b"".join(response) if response.streaming else response.content
        opened.append(page.name)
        assert leaks(body.decode("utf-8", "replace")) == [], page.name
    # Zebulon's hire earned a reward, which names them to the operator's staff only.
    assert Reward.objects.filter(member=zebulon).exists()
    hired = Referral.objects.get(referrer=zebulon, status=Status.HIRED)
    html = client.get(reverse("backoffice:candidate", args=[hired.pk])).content.decode()
    assert leaks(html) == []
    # The walk reached the pages that show the candidate.
    assert {
        "backoffice:home",
        "backoffice:candidate",
        "backoffice:job_pipeline",
        "backoffice:job_pipeline_list",
        "backoffice:reminders",
        "notifications:list",
        "gamification:leaderboard",
    } <= set(opened), opened
    html = client.get(reverse("backoffice:candidate", args=[candidate.pk])).content.decode()
    number = Membership.objects.get(pk=MEMBERSHIP_ID).referrer_number
    assert number is not None and f"Referrer #{number}" in html
    # What they receive: e-mails and notifications.
    for email in OutboundEmail.objects.filter(to_email=recruiter.user.email):
        assert leaks(email.subject + email.body_text + email.body_html) == [], email.template
    for notification in Notification.objects.filter(recipient=recruiter):
        assert leaks(notification.text + notification.url) == []
    assert OutboundEmail.objects.filter(to_email=recruiter.user.email).exists()


def test_the_pseudonym_is_the_same_for_the_same_referrer(
    network: Network, candidate: Referral, zebulon: Membership
) -> None:
    job = f.make_job(network.tenant, author=network.operator.user, client=network.bakery)
    second = f.forward(f.refer(referrer=zebulon, job=job, confirmed=True), by=network.operator)
    client = network.client_for(network.bakery_recruiter)
    number = Membership.objects.get(pk=MEMBERSHIP_ID).referrer_number
    for referral in (candidate, second):
        page = client.get(reverse("backoffice:candidate", args=[referral.pk])).content.decode()
        assert f"Referrer #{number}" in page


def test_another_referrer_reads_nothing_of_zebulon(
    network: Network, candidate: Referral, zebulon: Membership
) -> None:
    other = network.coopteur
    client = network.client_for(other)
    opened = []
    for page in pages({"job": network.bakery_job}):
        response = client.get(page.url)
        if response.status_code != 200:
            continue
        body = b"".join(response) if response.streaming else response.content
        opened.append(page.name)
        assert leaks(body.decode("utf-8", "replace")) == [], page.name
    assert {"jobs:board", "gamification:leaderboard", "referrals:dashboard"} <= set(opened)


def test_a_sponsor_reads_their_sponsees_first_name_only(
    network: Network, zebulon: Membership
) -> None:
    sponsor = f.make_member(network.tenant, email="sponsor@reseau.test")
    Membership.objects.filter(pk=zebulon.pk).update(sponsor=sponsor)
    now = timezone.now()
    Sponsorship.objects.create(
        tenant=network.tenant,
        sponsor=sponsor,
        email=zebulon.user.email,
        first_name="Zeb",
        language="fr",
        token_hash="0" * 64,
        created_at=now,
        expires_at=now,
        joined=zebulon,
        joined_at=now,
    )
    client = network.client_for(sponsor)
    seen = ""
    for page in pages({}):
        response = client.get(page.url)
        if response.status_code == 200 and not response.streaming:
            body = response.content.decode("utf-8", "replace")
            seen += body
            assert [i for i in leaks(body) if i != "Zebulon"] == [], page.name
    assert "Zebulon" in seen  # on their sponsorship page
    # And Zebulon reads their sponsor's first name.
    html = network.client_for(zebulon).get(reverse("network:sponsor")).content.decode()
    assert f"Your sponsor: {sponsor.user.first_name}." in html
    assert sponsor.user.last_name not in html
