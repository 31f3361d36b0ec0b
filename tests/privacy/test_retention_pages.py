"""The admin's retention page and purge reports: access and validation (Y2)."""

import pytest
from django.urls import reverse

from coopt.audit.models import AuditEvent
from coopt.notifications.models import OutboundEmail
from coopt.privacy.models import PurgeRun
from coopt.privacy.purge import purge_tenant
from coopt.privacy.retention import DATA_CLASSES
from coopt.referrals.models import RetentionPolicy

from .. import factories as f
from ..conftest import World
from .purge_helpers import START, clock, submitted

pytestmark = pytest.mark.django_db
__all__ = ["clock"]

URL = reverse("privacy:retention")


def valid(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "unconfirmed_days": "14",
        "not_retained_months": "6",
        "talent_pool_months": "12",
        "hired_months": "",
    }
    data.update(overrides)
    return data


def policy(world: World) -> RetentionPolicy:
    return RetentionPolicy.objects.get(tenant=world.acme)


@pytest.fixture
def acme_run(world: World) -> PurgeRun:
    return purge_tenant(tenant=world.acme)[0]


def test_another_tenants_reports_are_not_listed(world, acme_run):
    listing = world.client_for(world.outsider).get(reverse("privacy:purge_runs")).content.decode()
    assert f'data-run="{acme_run.pk}"' not in listing


def test_the_page_shows_the_defaults_first(world):
    html = world.client_for(world.admin).get(URL).content.decode()
    assert 'name="unconfirmed_days" value="30"' in html
    assert 'name="talent_pool_months" value="24"' in html
    assert "The purge has not run yet" in html


def test_an_admin_saves_periods_within_the_bounds(world):
    response = world.client_for(world.admin).post(URL, valid(hired_months="60"))
    assert response.status_code == 302
    assert response["Location"] == URL
    saved = policy(world)
    assert (saved.unconfirmed_days, saved.not_retained_months) == (14, 6)
    assert (saved.talent_pool_months, saved.hired_months) == (12, 60)
    event = AuditEvent.objects.get(action=AuditEvent.Action.SETTINGS_CHANGED)
    assert event.tenant == world.acme
    assert event.target == f"retention_policy:{saved.pk}"


def test_an_empty_hired_period_keeps_hired_files_while_needed(world):
    world.client_for(world.admin).post(URL, valid(hired_months="60"))
    world.client_for(world.admin).post(URL, valid(hired_months=""))
    assert policy(world).hired_months is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("unconfirmed_days", "31", "Enter a number of days between 7 and 30."),
        ("unconfirmed_days", "3", "Enter a number of days between 7 and 30."),
        ("not_retained_months", "0", "Enter a number of months between 1 and 24."),
        ("talent_pool_months", "36", "Enter a number of months between 1 and 24."),
        ("hired_months", "200", "Enter a number of months between 1 and 120."),
        ("unconfirmed_days", "two", "Enter a whole number."),
        ("unconfirmed_days", "", "Enter a number."),
        (
            "talent_pool_months",
            "2",
            "Keep candidates in the talent pool at least as long as candidates not retained.",
        ),
    ],
)
def test_bad_values_get_a_clear_error_and_change_nothing(world, field, value, message):
    response = world.client_for(world.admin).post(URL, valid(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert policy(world).unconfirmed_days == 30
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SETTINGS_CHANGED).exists()


def test_errors_are_shown_in_the_admins_language(world):
    world.admin.user.language = "fr"
    world.admin.user.save(update_fields=["language"])
    response = world.client_for(world.admin).post(URL, valid(unconfirmed_days="two"))
    assert response.status_code == 200
    assert "Saisissez un nombre entier." in response.content.decode()
    assert policy(world).unconfirmed_days == 30


def test_the_tenant_cannot_be_changed_through_the_form(world):
    response = world.client_for(world.admin).post(URL, valid(tenant=world.globex.pk))
    assert response.status_code == 302
    assert policy(world).unconfirmed_days == 14
    assert not RetentionPolicy.objects.filter(tenant=world.globex).exists()


def test_the_reports_list_and_detail_show_each_data_class(world, clock):
    submitted(world.member, world.job)
    clock.move_to(START.replace(year=2028))
    run = purge_tenant(tenant=world.acme)[0]
    client = world.client_for(world.admin)
    listing = client.get(reverse("privacy:purge_runs")).content.decode()
    assert f'data-run="{run.pk}"' in listing
    detail = client.get(reverse("privacy:purge_run", args=[run.pk])).content.decode()
    assert detail.count('data-testid="purge-count"') == len(DATA_CLASSES)
    assert "Referrals not confirmed in time" in detail
    assert "Hired candidates" in detail
    assert 'data-testid="purge-total">1<' in detail
    home = client.get(URL).content.decode()
    assert "1 file deleted" in home


def test_the_reports_list_says_what_to_expect_when_empty(world):
    html = world.client_for(world.admin).get(reverse("privacy:purge_runs")).content.decode()
    assert 'class="empty"' in html


def test_the_companys_unconfirmed_period_is_the_one_people_are_told(world, acme_client):
    world.client_for(world.admin).post(URL, valid(unconfirmed_days="14"))
    recommend = world.client_for(world.member).get(
        reverse("referrals:recommend", args=[world.job.pk])
    )
    assert "within 14 days" in recommend.content.decode()
    referral = submitted(world.member, world.job)
    email = OutboundEmail.objects.get(template="consent-request")
    assert "within 14 days" in email.body_text
    page = acme_client.get(f.consent_path(referral))
    assert "within 14 days" in page.content.decode()
