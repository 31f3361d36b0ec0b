"""The tenant's own wording of automatic status e-mails (R5)."""

from typing import Any

import pytest
from django.urls import reverse

from coopt.notifications.models import EmailTemplate, OutboundEmail
from coopt.referrals.services import referral_set_status

from .. import factories as f
from ..responses import Response

LIST_URL = reverse("backoffice:email_templates")


def edit_url(key: str = "candidate-status", status: str = "contacted", language: str = "en") -> str:
    return reverse("backoffice:email_template_edit", args=[key, status, language])


def cells(response: Response) -> list[dict[str, Any]]:
    return [
        cell | {"key": row["key"], "status": row["status"]}
        for row in response.context["rows"]
        for cell in row["cells"]
    ]


def test_the_list_covers_each_email_status_and_enabled_language(world):
    world.acme.enabled_languages = ["fr", "en"]
    world.acme.save()
    response = world.client_for(world.admin).get(LIST_URL)
    found = {(c["key"], c["status"], c["language"]) for c in cells(response)}
    candidate = {"contacted", "met", "hired", "not_retained"}
    referrer = candidate | {"recommended", "transferred"}
    expected = {("candidate-status", s, lang) for s in candidate for lang in ("fr", "en")} | {
        ("referrer-status", s, lang) for s in referrer for lang in ("fr", "en")
    }
    assert found == expected
    assert not any(c["custom"] for c in cells(response))


def test_the_list_shows_which_emails_are_customised(world):
    EmailTemplate.objects.create(
        tenant=world.acme,
        key="referrer-status",
        status="hired",
        language="en",
        subject="Hired!",
        body="Well done",
    )
    EmailTemplate.objects.create(
        tenant=world.globex,
        key="referrer-status",
        status="met",
        language="en",
        subject="Met",
        body="Met",
    )
    response = world.client_for(world.admin).get(LIST_URL)
    custom = {(c["key"], c["status"], c["language"]) for c in cells(response) if c["custom"]}
    assert custom == {("referrer-status", "hired", "en")}
    assert 'data-custom="yes"' in response.content.decode()


def test_the_edit_page_starts_from_the_default_wording_with_placeholders(world):
    response = world.client_for(world.admin).get(edit_url("referrer-status", "met", "en"))
    form = response.context["form"]
    assert (
        form.initial["subject"]
        == "{{ candidate_first_name }}, \u201c{{ job_title }}\u201d: news of your referral"
    )
    assert "{{ candidate_name }}" in form.initial["body"]
    assert "{{ status }}" in form.initial["body"]
    html = response.content.decode()
    for name in (
        "candidate_first_name",
        "candidate_name",
        "job_title",
        "referrer_name",
        "status",
        "company",
    ):
        assert "{{ " + name + " }}" in html
    assert 'data-testid="default"' in html


def test_the_default_wording_of_a_candidate_email_depends_on_the_status(world):
    client = world.client_for(world.admin)
    contacted = client.get(edit_url("candidate-status", "contacted")).context["form"].initial
    hired = client.get(edit_url("candidate-status", "hired")).context["form"].initial
    assert "{{ company }}" in contacted["body"]
    assert "Congratulations" in hired["body"]
    assert "{{ job_title }}" in hired["subject"]


def test_an_admin_saves_their_own_wording(world):
    client = world.client_for(world.admin)
    response = client.post(
        edit_url(), {"subject": "Hi {{ candidate_first_name }}", "body": "From {{company}}."}
    )
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    template = EmailTemplate.objects.get(tenant=world.acme)
    assert (template.key, template.status, template.language) == (
        "candidate-status",
        "contacted",
        "en",
    )
    assert template.subject == "Hi {{ candidate_first_name }}"
    page = client.get(edit_url())
    assert page.context["form"].initial["body"] == "From {{company}}."
    assert 'data-testid="customised"' in page.content.decode()


def test_saving_again_updates_the_same_override(world):
    client = world.client_for(world.admin)
    client.post(edit_url(), {"subject": "One", "body": "One"})
    client.post(edit_url(), {"subject": "Two", "body": "Two"})
    assert EmailTemplate.objects.get().subject == "Two"


@pytest.mark.parametrize(
    ("subject", "body", "field", "names"),
    [
        ("Hi {{ first_name }}", "Body", "subject", "{{ first_name }}"),
        (
            "Hi",
            "Hello {{ candidate.email }} and {{ salary }}",
            "body",
            "{{ candidate.email }}, {{ salary }}",
        ),
        ("Hi", "{{ Company }}", "body", "{{ Company }}"),
    ],
)
def test_unknown_placeholders_are_refused(world, subject, body, field, names):
    response = world.client_for(world.admin).post(edit_url(), {"subject": subject, "body": body})
    assert response.status_code == 200
    errors = str(response.context["form"].errors[field])
    assert "Unknown placeholder" in errors
    assert names in errors.replace("&#x27;", "'")
    assert not EmailTemplate.objects.exists()


def test_an_empty_subject_or_body_is_refused(world):
    response = world.client_for(world.admin).post(edit_url(), {"subject": " ", "body": ""})
    assert set(response.context["form"].errors) == {"subject", "body"}
    assert not EmailTemplate.objects.exists()


def test_reset_goes_back_to_the_default(world):
    EmailTemplate.objects.create(
        tenant=world.acme,
        key="candidate-status",
        status="contacted",
        language="en",
        subject="Mine",
        body="Mine",
    )
    client = world.client_for(world.admin)
    page = client.get(edit_url()).content.decode()
    assert 'name="reset"' in page and "data-confirm=" in page
    response = client.post(edit_url(), {"reset": "1"})
    assert response.status_code == 302
    assert response["Location"] == edit_url()
    assert not EmailTemplate.objects.exists()
    assert client.get(edit_url()).context["form"].initial["subject"] != "Mine"


def test_reset_leaves_other_tenants_alone(world):
    EmailTemplate.objects.create(
        tenant=world.globex,
        key="candidate-status",
        status="contacted",
        language="en",
        subject="Globex",
        body="Globex",
    )
    world.client_for(world.admin).post(edit_url(), {"reset": "1"})
    assert EmailTemplate.objects.filter(tenant=world.globex).exists()


@pytest.mark.parametrize(
    "args",
    [
        ("unknown-key", "contacted", "en"),
        ("candidate-status", "recommended", "en"),  # no candidate e-mail at this step
        ("candidate-status", "transferred", "en"),
        ("candidate-status", "bogus", "en"),
        ("candidate-status", "contacted", "xx"),
    ],
)
def test_unknown_keys_statuses_and_languages_are_404(world, args):
    client = world.client_for(world.admin)
    assert client.get(edit_url(*args)).status_code == 404
    assert client.post(edit_url(*args), {"subject": "s", "body": "b"}).status_code == 404
    assert not EmailTemplate.objects.exists()


def test_a_disabled_language_cannot_be_edited(world):
    world.acme.enabled_languages = ["en"]
    world.acme.save()
    assert world.client_for(world.admin).get(edit_url(language="fr")).status_code == 404


def test_the_override_is_used_when_the_status_changes(world):
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True, first_name="Jane")
    client = world.client_for(world.admin)
    client.post(
        edit_url("candidate-status", "contacted", referral.language),
        {
            "subject": "{{ candidate_first_name }}, {{ company }} will call you",
            "body": "About {{ job_title }}, recommended by {{ referrer_name }}.",
        },
    )
    client.post(
        edit_url("referrer-status", "contacted", "en"),
        {"subject": "Your referral {{ candidate_name }} is {{ status }}", "body": "Thanks!"},
    )
    OutboundEmail.objects.all().delete()

    referral_set_status(referral=referral, status="contacted", author=world.recruiter.user)

    to_candidate = OutboundEmail.objects.get(template="candidate-status")
    assert to_candidate.subject == "Jane, Acme will call you"
    assert "About Account manager, recommended by" in to_candidate.body_text
    assert "{{" not in to_candidate.body_text
    to_referrer = OutboundEmail.objects.get(template="referrer-status")
    assert to_referrer.subject == "Your referral Jane Doe is Contacted"


def test_other_statuses_keep_the_default_wording(world):
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    world.client_for(world.admin).post(
        edit_url("candidate-status", "met", referral.language), {"subject": "Met!", "body": "M"}
    )
    OutboundEmail.objects.all().delete()
    referral_set_status(referral=referral, status="contacted", author=world.recruiter.user)
    assert OutboundEmail.objects.get(template="candidate-status").subject != "Met!"


def test_another_tenants_override_is_never_used(world):
    EmailTemplate.objects.create(
        tenant=world.globex,
        key="candidate-status",
        status="contacted",
        language="en",
        subject="Globex wording",
        body="Globex",
    )
    referral = f.refer(referrer=world.member, job=world.job, confirmed=True)
    referral_set_status(referral=referral, status="contacted", author=world.recruiter.user)
    assert OutboundEmail.objects.get(template="candidate-status").subject != "Globex wording"
