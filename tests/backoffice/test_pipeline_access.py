"""Who may use each back office page of jobs, pipeline and candidates.

Recruiters and admins of the tenant may; members get 403; anonymous visitors
are sent to sign in; another tenant's recruiter gets 404 on this tenant's
objects, and cannot use this tenant's host at all.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coopt.jobs.models import Job, JobTemplate
from coopt.jobs.services import job_template_save
from coopt.referrals.models import Referral, Reminder
from coopt.referrals.services import ReferralData, consent_confirm, referral_submit, reminder_add

from .. import factories as f
from ..conftest import ACME_HOST

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Objects:
    job: Job
    other_job: Job
    template: JobTemplate
    referral: Referral
    reminder: Reminder

    @property
    def document(self) -> Any:
        return self.referral.documents.get()


def acme_objects(world, reminder_owner=None) -> Objects:  # type: ignore[no-untyped-def]
    referral = referral_submit(
        member=world.member,
        job=world.job,
        data=ReferralData(first_name="Ada", last_name="Lovelace", email="ada@example.org"),
        cv=SimpleUploadedFile("ada-cv.pdf", PDF, content_type="application/pdf"),
    )
    referral = consent_confirm(referral=referral)
    # The reminder belongs to the persona under test: only its owner may mark it done.
    owner = reminder_owner if reminder_owner is not None else world.recruiter
    return Objects(
        job=world.job,
        other_job=f.make_job(world.acme, title="Buyer"),
        template=job_template_save(tenant=world.acme, name="Sales", title="Sales rep"),
        referral=referral,
        reminder=reminder_add(
            referral=referral, owner=owner, due_on=timezone.localdate(), text="Call Ada"
        ),
    )


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str = "get"
    obj: str = ""  # which object's id the URL takes
    data: Callable[[Objects], dict[str, Any]] | None = None

    def url(self, objects: Objects) -> str:
        if not self.obj:
            return reverse(f"backoffice:{self.name}")
        return reverse(f"backoffice:{self.name}", args=[getattr(objects, self.obj).pk])

    def call(self, client, objects: Objects):  # type: ignore[no-untyped-def]
        data = self.data(objects) if self.data else {}
        return getattr(client, self.method)(self.url(objects), data)

    def __str__(self) -> str:
        return self.name


ENDPOINTS = [
    Endpoint("home"),
    Endpoint("jobs"),
    Endpoint("job_create"),
    Endpoint("job_edit", obj="job"),
    Endpoint("job_clone", "post", "job"),
    Endpoint("job_status", "post", "job", lambda o: {"status": "closed"}),
    Endpoint("job_pipeline", obj="job"),
    Endpoint("job_pipeline_list", obj="job"),
    Endpoint("templates"),
    Endpoint("template_create"),
    Endpoint("template_edit", obj="template"),
    Endpoint("job_from_template", "post", "template"),
    Endpoint("candidate", obj="referral"),
    Endpoint("candidate_status", "post", "referral", lambda o: {"status": "contacted"}),
    Endpoint("candidate_transfer", "post", "referral", lambda o: {"job": o.other_job.pk}),
    Endpoint("candidate_note", "post", "referral", lambda o: {"body": "Sharp and kind."}),
    Endpoint(
        "reminder_create",
        "post",
        "referral",
        lambda o: {
            "due_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
            "text": "Call back",
        },
    ),
    Endpoint("reminder_done", "post", "reminder"),
    Endpoint("document_download", obj="document"),
    Endpoint("reminders"),
]
WITH_OBJECT = [endpoint for endpoint in ENDPOINTS if endpoint.obj]


def is_sign_in(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["recruiter", "admin"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_recruiters_and_admins_can_use_it(world, endpoint, persona):
    membership = getattr(world, persona)
    objects = acme_objects(world, reminder_owner=membership)
    response = endpoint.call(world.client_for(membership), objects)
    assert response.status_code in (200, 302), response.content[:500]
    assert not is_sign_in(response)
    if response.status_code == 302:
        # A write ends on a back office page, never on an error page.
        assert response["Location"].startswith("/office/")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_a_plain_member_gets_403(world, endpoint):
    objects = acme_objects(world)
    response = endpoint.call(world.client_for(world.member), objects)
    assert response.status_code == 403


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_an_expert_gets_403(world, endpoint):
    objects = acme_objects(world)
    response = endpoint.call(world.client_for(world.expert), objects)
    assert response.status_code == 403


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_visitors_are_sent_to_sign_in(world, endpoint):
    objects = acme_objects(world)
    response = endpoint.call(world.client_for(None), objects)
    assert is_sign_in(response)


@pytest.mark.parametrize("endpoint", WITH_OBJECT, ids=str)
def test_other_tenant_gets_404(world, endpoint):
    objects = acme_objects(world)
    before = (Job.objects.count(), Referral.objects.get(pk=objects.referral.pk).status)
    response = endpoint.call(world.client_for(world.outsider), objects)
    assert response.status_code == 404
    assert (Job.objects.count(), Referral.objects.get(pk=objects.referral.pk).status) == before
    assert not objects.referral.notes.exists()
    assert Reminder.objects.get(pk=objects.reminder.pk).done_at is None


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_a_user_of_another_tenant_cannot_use_this_host(world, endpoint):
    objects = acme_objects(world)
    client = world.client_for(world.outsider, host=ACME_HOST)
    response = endpoint.call(client, objects)
    assert is_sign_in(response)
    assert "_auth_user_id" not in client.session
