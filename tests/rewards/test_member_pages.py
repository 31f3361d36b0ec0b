"""The member's side: my rewards, the payout choice, the rules, statements, the dashboard."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from coopt.accounts.models import Membership
from coopt.rewards.models import Reward
from coopt.rewards.services import reward_mark_paid

from .. import factories as f
from ..conftest import World
from .helpers import add_charity, due_reward, pending_reward, set_payout, set_rule

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def test_my_rewards_lists_each_state_with_its_amount(world):
    pending_reward(world, months=6)
    due = due_reward(world, amount="1000.00")
    paid = due_reward(world, amount="500.00")
    reward_mark_paid(reward=paid, author=world.admin.user)
    page = world.client_for(world.member).get(reverse("rewards:mine")).content.decode()
    assert page.count('data-testid="reward"') == 3
    assert "1,000.00 EUR" in page
    assert page.count('data-testid="choose-form"') == 1
    assert f'action="/rewards/{due.pk}/choose/"' in page


def test_amounts_are_localised_in_the_members_language(world):
    world.member.user.language = "fr"
    world.member.user.save()
    due_reward(world, amount="1000.00")
    page = world.client_for(world.member).get(reverse("rewards:mine")).content.decode()
    assert "1\xa0000,00 EUR" in page


def test_an_empty_ledger_says_what_to_do(world):
    page = world.client_for(world.member).get(reverse("rewards:mine")).content.decode()
    assert "No rewards yet" in page
    assert reverse("jobs:board") in page


def test_the_top_up_and_the_split_are_shown_before_choosing(world):
    add_charity(world.acme, "Red Cross", description="Help in emergencies")
    set_payout(world.acme, charity_top_up=Decimal("250.00"), credits_enabled=True)
    due_reward(world, amount="750.01")
    page = world.client_for(world.member).get(reverse("rewards:mine")).content.decode()
    assert "the company adds 250.00 EUR" in page
    assert "You receive 375.01 EUR; the charity receives 375.00 EUR." in page
    assert "3 job-ad credits" in page
    assert "Red Cross" in page


def test_choosing_a_charity_through_the_page(world):
    charity = add_charity(world.acme)
    set_payout(world.acme, charity_top_up=Decimal("250.00"))
    reward = due_reward(world)
    prefix = f"reward-{reward.pk}"
    response = world.client_for(world.member).post(
        reverse("rewards:choose", args=[reward.pk]),
        {f"{prefix}-choice": "charity", f"{prefix}-charity": charity.pk},
        follow=True,
    )
    assert "and the company adds 250.00 EUR" in response.content.decode()
    reward.refresh_from_db()
    assert (reward.choice, reward.charity, reward.top_up) == ("charity", charity, Decimal("250"))


def test_a_split_without_a_charity_is_refused_with_a_clear_error(world):
    add_charity(world.acme)
    reward = due_reward(world)
    prefix = f"reward-{reward.pk}"
    response = world.client_for(world.member).post(
        reverse("rewards:choose", args=[reward.pk]), {f"{prefix}-choice": "split"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a charity from the list." in page
    assert f'value="split" id="id_reward-{reward.pk}-choice_2" required checked' in page
    assert Reward.objects.get(pk=reward.pk).choice == ""


def test_an_unoffered_choice_is_refused(world):
    reward = due_reward(world)
    prefix = f"reward-{reward.pk}"
    response = world.client_for(world.member).post(
        reverse("rewards:choose", args=[reward.pk]), {f"{prefix}-choice": "credits"}
    )
    assert response.status_code == 400
    assert Reward.objects.get(pk=reward.pk).choice == ""


def test_a_paid_reward_can_no_longer_be_changed(world):
    reward = due_reward(world)
    reward_mark_paid(reward=reward, author=world.admin.user)
    prefix = f"reward-{reward.pk}"
    response = world.client_for(world.member).post(
        reverse("rewards:choose", args=[reward.pk]), {f"{prefix}-choice": "keep"}, follow=True
    )
    assert "cannot be changed any more" in response.content.decode()


def test_the_rules_page_shows_the_default_the_job_rules_and_the_payout_options(world):
    set_rule(world.acme, amount=Decimal("500.00"), probation_months=3)
    set_rule(world.acme, job=world.job, kind="gift", gift="A weekend in Rome")
    add_charity(world.acme, "Food bank")
    set_payout(world.acme, charity_top_up=Decimal("250.00"))
    page = world.client_for(world.member).get(reverse("rewards:rules")).content.decode()
    assert "500.00 EUR" in page
    assert "3 months after the hire" in page
    assert "A weekend in Rome" in page
    assert "Food bank" in page
    assert "The company adds 250.00 EUR to the gift." in page
    assert "job-ad credit" not in page


def test_the_rules_page_without_a_default(world):
    page = world.client_for(world.member).get(reverse("rewards:rules")).content.decode()
    assert "has not set a standard reward" in page


def test_my_statement_as_a_page_and_as_a_pdf(world):
    reward = due_reward(world, amount="750.00")
    reward_mark_paid(reward=reward, author=world.admin.user)
    client = world.client_for(world.member)
    page = client.get(reverse("rewards:statement", args=[YEAR])).content.decode()
    assert "750.00 EUR" in page
    assert 'data-testid="statement-total"' in page
    response = client.get(reverse("rewards:statement_pdf", args=[YEAR]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_statement_shows_only_the_readers_rewards(world):
    reward = due_reward(world, amount="750.00")
    reward_mark_paid(reward=reward, author=world.admin.user)
    page = world.client_for(world.expert).get(reverse("rewards:statement", args=[YEAR]))
    assert "750.00 EUR" not in page.content.decode()


def test_a_year_outside_the_range_is_404(world: World) -> None:
    client = world.client_for(world.member)
    assert client.get(reverse("rewards:statement", args=[1999])).status_code == 404
    future = (timezone.localdate() + datetime.timedelta(days=400)).year
    assert client.get(reverse("rewards:statement_pdf", args=[future])).status_code == 404


def render_dashboard(membership: Membership | None, language: str = "en") -> str:
    request = RequestFactory().get("/me/")
    with translation.override(language):
        return Template('{% include "rewards/_dashboard.html" %}').render(
            Context({"membership": membership, "request": request})
        )


def test_the_dashboard_partial_shows_pending_due_and_paid(world):
    pending_reward(world)
    due_reward(world, amount="1000.00")
    paid = due_reward(world, amount="500.00")
    reward_mark_paid(reward=paid, author=world.admin.user)
    html = render_dashboard(world.member)
    assert 'data-testid="rewards-pending"' in html
    assert "1,000.00 EUR" in html
    assert "500.00 EUR" in html
    assert "A reward is due" in html
    assert "1\xa0000,00 EUR" in render_dashboard(world.member, "fr")


def test_the_dashboard_partial_is_quiet_when_there_is_nothing(world):
    stranger = f.make_member(world.acme, email="new@acme.test")
    html = render_dashboard(stranger)
    assert 'data-testid="rewards-dashboard"' in html
    assert "A reward is due" not in html
    assert render_dashboard(None).strip() == ""


def test_my_rewards_page_costs_the_same_for_many_rewards(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_charity(world.acme)
    client = world.client_for(world.member)

    def queries() -> int:
        client.get(reverse("rewards:mine"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("rewards:mine")).status_code == 200
        return len(captured)

    due_reward(world)
    one = queries()
    for _n in range(5):
        due_reward(world)
    assert queries() == one


def test_each_state_says_its_date_without_repeating_its_name(world: World) -> None:
    due_reward(world, amount="1000.00")
    paid = due_reward(world, amount="500.00")
    reward_mark_paid(reward=paid, author=world.admin.user)
    for language, words in (("en", ("Due", "Paid")), ("de", ("Fällig", "Ausgezahlt"))):
        world.member.user.language = language
        world.member.user.save(update_fields=["language"])
        page = world.client_for(world.member).get(reverse("rewards:mine")).content.decode()
        text = " ".join(strip_tags(page).split())
        for word in words:
            assert f"{word} {word}" not in text
            assert f"{word} {word.lower()}" not in text


def test_totals_with_no_reward_read_zero_in_the_companys_currency(world: World) -> None:
    set_rule(world.acme, currency="CHF")
    stranger = f.make_member(world.acme, email="new@acme.test")
    page = world.client_for(stranger).get(reverse("rewards:mine")).content.decode()
    for state in ("pending", "due", "paid"):
        start = page.index(f'data-testid="rewards-{state}"')
        assert "0.00 CHF" in page[start : page.index("</div>", start)]


def test_the_charity_list_asks_for_a_choice_instead_of_dashes(world: World) -> None:
    add_charity(world.acme)
    due_reward(world)
    page = world.client_for(world.member).get(reverse("rewards:mine")).content.decode()
    assert "Choose a charity</option>" in page
    assert "---------" not in page
