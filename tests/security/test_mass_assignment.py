"""No mass assignment (Y8): fields a form does not have are ignored, whatever is posted.

Each test posts a valid form plus every field an attacker would try (tenant,
owner, role, status, consent, keys...) and checks that only the form's own
fields changed.
"""

import datetime as dt
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopt.accounts.models import Membership, User
from coopt.accounts.services import invitation_token
from coopt.jobs.models import Job
from coopt.referrals.link_tokens import token_hash
from coopt.referrals.models import Consent, LinkToken, Note, Referral, Reminder, Source, Status
from coopt.referrals.services import consent_confirm
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World

pytestmark = pytest.mark.django_db

ACME = "acme.localhost"
LONG_AGO = "2001-01-01T00:00:00Z"


def attack(world: World, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every field name an attacker would add, pointing at someone else's things."""
    fields: dict[str, Any] = {
        "id": 999_999,
        "pk": 999_999,
        "tenant": world.globex.pk,
        "tenant_id": world.globex.pk,
        "job": world.globex_job.pk,
        "job_id": world.globex_job.pk,
        "referrer": world.outsider.pk,
        "referrer_id": world.outsider.pk,
        "applicant": world.outsider.pk,
        "member": world.outsider.pk,
        "owner": world.outsider.pk,
        "owner_id": world.outsider.pk,
        "author": world.outsider.user.pk,
        "created_by": world.outsider.user.pk,
        "created_by_id": world.outsider.user.pk,
        "user": world.outsider.user.pk,
        "user_id": world.outsider.user.pk,
        "status": Status.HIRED,
        "consent": Consent.CONFIRMED,
        "source": Source.APPLICATION,
        "email_key": "victim@example.org",
        "phone_key": "33600000000",
        "consent_token": "stolen-token",
        "consent_answered_at": LONG_AGO,
        "personal_data_deleted_at": LONG_AGO,
        "pool_consent_at": LONG_AGO,
        "closed_at": LONG_AGO,
        "published_at": LONG_AGO,
        "done_at": LONG_AGO,
        "emailed_at": LONG_AGO,
        "external_id": "evil",
        "visits": 9999,
        "is_admin": "on",
        "is_recruiter": "on",
        "is_expert": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "",
        "slug": "hijacked",
        "mode": "network",
        "employee_id": "EVIL-1",
        "reward": "1000000",
        "amount": "1000000",
        "points": "1000000",
        "password": "attacker-password",
    }
    for name in without:
        fields.pop(name, None)
    return fields


def state(obj: models.Model, *ignore: str) -> dict[str, Any]:
    """Every concrete field of ``obj`` as stored, but ``ignore``."""
    obj = type(obj)._default_manager.get(pk=obj.pk)
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in ignore
    }


def only_changed(before: dict[str, Any], obj: models.Model, *allowed: str) -> None:
    after = state(obj)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= set(allowed), {name: (before[name], after[name]) for name in changed}


def nothing_of_globex_changed(world: World) -> None:
    assert not Referral.objects.filter(tenant=world.globex).exists()
    assert not Tenant.objects.filter(slug="hijacked").exists()
    assert Membership.objects.filter(tenant=world.globex).count() == 2
    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.filter(is_staff=True).exists()


# --- Member and public forms ----------------------------------------------------


def test_recommend_ignores_extra_fields(world):
    form = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "Jane@Example.org",
        "relationship": "Former colleague",
        "motivation": "Great",
        "language": "en",
    }
    response = world.client_for(world.member).post(
        f"/jobs/{world.job.pk}/recommend/", {**attack(world), **form}
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.tenant, referral.job, referral.referrer) == (
        world.acme,
        world.job,
        world.member,
    )
    assert referral.applicant is None
    assert (referral.status, referral.consent, referral.source) == (
        Status.RECOMMENDED,
        Consent.AWAITING,
        Source.REFERRAL,
    )
    assert referral.email_key == "jane@example.org"
    assert not LinkToken.objects.filter(token_hash=token_hash("stolen-token")).exists()
    assert referral.personal_data_deleted_at is None and referral.pool_consent_at is None
    assert referral.closed_at is None and referral.consent_answered_at is None
    nothing_of_globex_changed(world)


def test_public_apply_ignores_extra_fields(world):
    form = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"}
    response = Client(HTTP_HOST=ACME).post(
        f"/p/jobs/{world.job.pk}/", {**attack(world, without=("consent",)), **form, "consent": "on"}
    )
    assert response.status_code == 200
    assert "jobs/applied.html" in [t.name for t in response.templates]
    referral = Referral.objects.get()
    assert (referral.tenant, referral.job) == (world.acme, world.job)
    assert referral.referrer is None and referral.applicant is None
    assert (referral.status, referral.source) == (Status.RECOMMENDED, Source.APPLICATION)
    assert referral.email_key == "ada@example.org"
    assert not LinkToken.objects.filter(token_hash=token_hash("stolen-token")).exists()
    assert referral.pool_consent_at is None and referral.personal_data_deleted_at is None
    nothing_of_globex_changed(world)


def test_the_consent_page_ignores_extra_fields(world):
    referral = f.refer(referrer=world.member, job=world.job, email="jane@example.org")
    before = state(referral)
    posted = {
        **attack(world, without=("consent",)),
        "answer": "confirm",
        "first_name": "Mallory",
        "email": "mallory@example.org",
        "phone": "0600000000",
        "motivation": "Rewritten",
    }
    response = Client(HTTP_HOST=ACME).post(f.consent_path(referral), posted)
    assert response.status_code == 302
    # Confirming changes the answer, its time and the retention clock: nothing else.
    only_changed(before, referral, "consent", "consent_answered_at", "updated_at")
    referral.refresh_from_db()
    assert referral.consent == Consent.CONFIRMED
    assert referral.consent_answered_at is not None
    assert referral.consent_answered_at > timezone.now() - dt.timedelta(minutes=1)
    nothing_of_globex_changed(world)


def test_preferences_ignore_extra_fields(world):
    tags = [f.make_tag(world.acme, name) for name in ("Paris", "Nantes", "Lille")]
    membership = world.member
    client = world.client_for(membership)
    before = state(membership)
    user_before = state(membership.user)
    response = client.post(
        reverse("accounts:preferences"),
        {
            **attack(world),
            "email": "mallory@example.org",
            "locations": [t.pk for t in tags],
            "language": "fr",
            "notify_targeted": "",
            "digest_frequency": "monthly",
        },
    )
    assert response.status_code == 302
    only_changed(before, membership, "notify_targeted", "digest_frequency", "onboarded_at")
    only_changed(user_before, membership.user, "language")
    assert set(membership.interests.all()) == set(tags)
    nothing_of_globex_changed(world)


def test_the_invitation_form_ignores_extra_fields(world):
    invited = f.make_member(world.acme, email="new@acme.test")
    before = state(invited, "joined_at")
    user_before = state(invited.user, "password", "last_login")
    url = reverse("accounts:invitation", args=[invitation_token(invited)])
    password = "a long new password 42"
    response = Client(HTTP_HOST=ACME).post(
        url,
        {
            **attack(world, without=("password",)),
            "email": "mallory@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    only_changed(before, invited)
    only_changed(user_before, invited.user)
    nothing_of_globex_changed(world)


# --- Back office ----------------------------------------------------------------

JOB_FORM = {
    "title": "Data engineer",
    "description": "<p>Pipelines.</p>",
    "contract_type": "permanent",
    "salary_min": "45000",
    "salary_max": "60000",
    "salary_currency": "EUR",
    "reward_note": "A bonus",
}


def test_job_creation_ignores_extra_fields(world):
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_create"), {**attack(world), **JOB_FORM}
    )
    assert response.status_code == 302
    job = Job.objects.get(title="Data engineer")
    assert job.tenant == world.acme
    assert job.status == Job.Status.DRAFT
    assert job.created_by == world.recruiter.user
    assert job.external_id == ""
    assert job.published_at is None
    nothing_of_globex_changed(world)


def test_job_editing_ignores_extra_fields(world):
    job = world.job
    before = state(job)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:job_edit", args=[job.pk]), {**attack(world), **JOB_FORM}
    )
    assert response.status_code == 302
    only_changed(before, job, *JOB_FORM, "updated_at")
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    nothing_of_globex_changed(world)


def test_member_invitation_ignores_extra_fields(world):
    response = world.client_for(world.admin).post(
        reverse("backoffice:member_invite"),
        {
            **attack(world, without=("is_admin", "is_recruiter", "is_expert")),
            "email": "newcomer@acme.test",
            "first_name": "New",
            "last_name": "Comer",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="newcomer@acme.test")
    assert membership.tenant == world.acme
    assert membership.is_active
    assert (membership.is_expert, membership.is_recruiter, membership.is_admin) == (
        False,
        False,
        False,
    )
    assert membership.employee_id == ""
    user = membership.user
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    nothing_of_globex_changed(world)


def test_roles_ignore_extra_fields(world):
    membership = world.member
    before = state(membership)
    response = world.client_for(world.admin).post(
        reverse("backoffice:member_roles", args=[membership.pk]),
        {**attack(world, without=("is_admin", "is_recruiter")), "is_expert": "on"},
    )
    assert response.status_code == 302
    only_changed(before, membership, "is_expert")
    nothing_of_globex_changed(world)


def test_branding_settings_ignore_extra_fields(world):
    tenant = world.acme
    before = state(tenant)
    response = world.client_for(world.admin).post(
        reverse("backoffice:settings"),
        {
            **attack(world),
            "name": "Acme Corp",
            "primary_colour": "#112233",
            "accent_colour": "#aabbcc",
            "email_sender_name": "Talent",
            "email_sender_address": "talent@acme.test",
            "default_language": "fr",
            "enabled_languages": ["fr", "en"],
        },
    )
    assert response.status_code == 302
    only_changed(
        before,
        tenant,
        "name",
        "primary_colour",
        "accent_colour",
        "email_sender_name",
        "email_sender_address",
        "default_language",
        "enabled_languages",
    )
    tenant.refresh_from_db()
    assert (tenant.slug, tenant.is_active) == ("acme", True)
    assert [d.domain for d in tenant.domains.all()] == ["acme.localhost"]
    nothing_of_globex_changed(world)


@pytest.fixture
def candidate(world: World) -> Referral:
    referral = f.refer(referrer=world.member, job=world.job, email="jane@example.org")
    return consent_confirm(referral=referral)


def test_a_status_change_ignores_extra_fields(world, candidate):
    before = state(candidate)
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_status", args=[candidate.pk]),
        {
            **attack(world, without=("status",)),
            "status": Status.CONTACTED,
            "email": "mallory@example.org",
            "first_name": "Mallory",
        },
    )
    assert response.status_code == 302
    only_changed(before, candidate, "status", "updated_at")
    candidate.refresh_from_db()
    assert candidate.status == Status.CONTACTED
    change = candidate.history.last()
    assert change is not None and change.author == world.recruiter.user
    nothing_of_globex_changed(world)


def test_a_note_ignores_extra_fields(world, candidate):
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:candidate_note", args=[candidate.pk]),
        {**attack(world), "body": "Strong interview"},
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.referral, note.author, note.body) == (
        candidate,
        world.recruiter.user,
        "Strong interview",
    )


def test_a_reminder_ignores_extra_fields(world, candidate):
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = world.client_for(world.recruiter).post(
        reverse("backoffice:reminder_create", args=[candidate.pk]),
        {**attack(world), "due_on": due, "text": "Call back"},
    )
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert (reminder.tenant, reminder.referral, reminder.owner) == (
        world.acme,
        candidate,
        world.recruiter,
    )
    assert reminder.done_at is None and reminder.emailed_at is None
