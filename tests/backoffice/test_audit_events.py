"""The back office's pages record what they do in the audit log (Y4), through the services
they call: who, on which tenant, about what, from which address; never a name, an e-mail
address or a token."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coopt.accounts.models import Membership, User
from coopt.audit.models import AuditEvent
from coopt.tenants.models import Tenant

from .. import factories as f
from ..conftest import World
from .test_documents import referral_with_cv

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
ACME = "acme.localhost"
Action = AuditEvent.Action


def client_for(world: World, membership: Membership | None, host: str | None = None) -> Client:
    client = world.client_for(membership, host=host)
    client.defaults["REMOTE_ADDR"] = IP
    return client


def only_event(action: str) -> AuditEvent:
    return AuditEvent.objects.get(action=action)


def assert_no_personal_data(event: AuditEvent) -> None:
    stored = event.target + json.dumps(event.details)
    assert "@" not in stored
    assert "%40" not in stored


def assert_event(event: AuditEvent, *, tenant: Tenant, actor: User | None, target: str) -> None:
    assert event.tenant == tenant
    assert event.actor == actor
    assert event.target == target
    assert event.ip_address == IP
    assert_no_personal_data(event)


# Candidates and CVs ---------------------------------------------------------------------------


def test_opening_a_candidate_page_is_recorded(world):
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    response = client_for(world, world.recruiter).get(
        reverse("backoffice:candidate", args=[referral.pk])
    )
    assert response.status_code == 200
    assert_event(
        only_event(Action.CANDIDATE_VIEWED),
        tenant=world.acme,
        actor=world.recruiter.user,
        target=f"referral:{referral.pk}",
    )


def test_a_candidate_page_of_another_tenant_records_no_view(world):
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    response = client_for(world, world.outsider).get(
        reverse("backoffice:candidate", args=[referral.pk])
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=Action.CANDIDATE_VIEWED).exists()


def test_downloading_a_cv_is_recorded(world):
    document = referral_with_cv(world.member, world.job).documents.get()
    response = client_for(world, world.recruiter).get(
        reverse("backoffice:document_download", args=[document.pk])
    )
    assert response.status_code == 200
    event = only_event(Action.CV_DOWNLOADED)
    assert_event(
        event, tenant=world.acme, actor=world.recruiter.user, target=f"document:{document.pk}"
    )
    assert event.details == {"referral": document.referral_id}
    assert "Grace" not in json.dumps(event.details) + event.target


# Members -------------------------------------------------------------------------------------


def test_a_member_import_is_recorded_with_counts_only(world):
    content = (
        b"first_name;last_name;email;department;location\n"
        b"Ada;Lovelace;ada@acme.test;R&D;Paris\n"
        b"Bad;Mail;bad-mail;R&D;Paris\n"
    )
    response = client_for(world, world.admin).post(
        reverse("backoffice:member_import"),
        {"file": SimpleUploadedFile("people.csv", content, "text/csv")},
    )
    assert response.status_code == 200
    event = only_event(Action.IMPORT)
    assert_event(event, tenant=world.acme, actor=world.admin.user, target=f"tenant:{world.acme.pk}")
    assert event.details == {
        "what": "members",
        "created": 1,
        "updated": 0,
        "rejected": 1,
        "invited": 0,
        "deactivated": 0,
    }


def test_a_refused_import_file_records_no_import(world):
    response = client_for(world, world.admin).post(
        reverse("backoffice:member_import"),
        {"file": SimpleUploadedFile("people.csv", b"\xff\xfe not utf-8", "text/csv")},
    )
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()


def test_a_role_change_is_recorded_with_before_and_after(world):
    client_for(world, world.admin).post(
        reverse("backoffice:member_roles", args=[world.member.pk]), {"is_recruiter": "on"}
    )
    event = only_event(Action.ROLE_CHANGED)
    assert_event(
        event, tenant=world.acme, actor=world.admin.user, target=f"membership:{world.member.pk}"
    )
    assert event.details == {"from": [], "to": ["recruiter"]}


def test_saving_the_same_roles_records_nothing(world):
    client_for(world, world.admin).post(
        reverse("backoffice:member_roles", args=[world.recruiter.pk]), {"is_recruiter": "on"}
    )
    assert not AuditEvent.objects.filter(action=Action.ROLE_CHANGED).exists()


def test_deactivation_and_reactivation_are_recorded(world):
    client = client_for(world, world.admin)
    client.post(reverse("backoffice:member_deactivate", args=[world.member.pk]))
    client.post(reverse("backoffice:member_reactivate", args=[world.member.pk]))
    target = f"membership:{world.member.pk}"
    for action in (Action.MEMBER_DEACTIVATED, Action.MEMBER_REACTIVATED):
        assert_event(only_event(action), tenant=world.acme, actor=world.admin.user, target=target)


def test_a_refused_self_deactivation_records_nothing(world):
    client_for(world, world.admin).post(
        reverse("backoffice:member_deactivate", args=[world.admin.pk])
    )
    assert not AuditEvent.objects.filter(action=Action.MEMBER_DEACTIVATED).exists()


# Settings ------------------------------------------------------------------------------------


def test_a_branding_change_is_recorded_with_the_fields_changed(world):
    response = client_for(world, world.admin).post(
        reverse("backoffice:settings"),
        {
            "name": "Acme",
            "primary_colour": "#654321",
            "accent_colour": world.acme.accent_colour,
            "email_sender_name": "",
            "email_sender_address": "",
            "default_language": world.acme.default_language,
            "enabled_languages": world.acme.enabled_languages,
        },
    )
    assert response.status_code == 302
    event = only_event(Action.SETTINGS_CHANGED)
    assert_event(event, tenant=world.acme, actor=world.admin.user, target=f"tenant:{world.acme.pk}")
    assert event.details["section"] == "branding"
    assert "primary_colour" in event.details["fields"]


def test_an_email_template_saved_and_reset_is_recorded(world):
    url = reverse("backoffice:email_template_edit", args=["candidate-status", "contacted", "en"])
    client = client_for(world, world.admin)
    client.post(url, {"subject": "News from {{ company }}", "body": "Hello {{ candidate_name }}"})
    client.post(url, {"reset": "1"})
    saved, reset = AuditEvent.objects.filter(action=Action.SETTINGS_CHANGED).order_by("pk")
    assert saved.target.startswith("email_template:")
    assert reset.target == saved.target
    assert saved.details == {"section": "email_template"}
    assert reset.details == {"section": "email_template", "reset": True}
    for event in (saved, reset):
        assert_event(event, tenant=world.acme, actor=world.admin.user, target=saved.target)
