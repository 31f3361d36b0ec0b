"""Rewards must be declared to the tax authorities: the yearly statement says so in the
member's language and links to the explanation sheet, also linked from the rewards pages."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from coopt.rewards.services import reward_mark_paid
from coopt.rewards.statements import statement_context, statement_html

from ..conftest import GLOBEX_HOST
from .helpers import due_reward

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
SENTENCE = (
    "The amounts you received must be declared to the tax authorities; declaring them is up to you."
)
SHEET_SENTENCE = (
    "The explanation sheet “How to declare your rewards” in your member space says more:"
)


def sentence_in(language: str, msgid: str = SENTENCE) -> str:
    """The sentence as the member reads it in ``language`` (the catalogue's translation, or
    the English text until the catalogue has it)."""
    with translation.override(language):
        return gettext(msgid)


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_statement_the_pdf_is_made_from_holds_the_tax_sentence(world, language):
    reward = due_reward(world, amount="750.00")
    reward_mark_paid(reward=reward, author=world.admin.user)
    context = statement_context(member=world.member, year=YEAR)
    html = statement_html(tenant=world.acme, context=context, language=language)
    assert f'<html lang="{language}">' in html
    assert sentence_in(language) in html
    assert sentence_in(language, SHEET_SENTENCE) in html
    assert 'href="http://acme.localhost' in html or 'href="https://acme.' in html
    assert "/rewards/tax/" in html


def test_the_statement_says_it_even_for_a_year_without_rewards(world):
    context = statement_context(member=world.member, year=YEAR)
    html = statement_html(tenant=world.acme, context=context, language="de")
    assert sentence_in("de") in html


def test_the_member_downloads_the_pdf_and_reads_the_page_with_the_sentence(world):
    world.member.user.language = "fr"
    world.member.user.save(update_fields=["language"])
    client = world.client_for(world.member)
    page = client.get(reverse("rewards:statement", args=[YEAR])).content.decode()
    assert 'data-testid="tax-notice"' in page
    assert sentence_in("fr") in page
    assert f'href="{world.acme.absolute_url(reverse("rewards:tax_sheet"))}"' in page
    pdf = client.get(reverse("rewards:statement_pdf", args=[YEAR]))
    assert pdf.content.startswith(b"%PDF")


def test_an_admin_downloads_a_members_statement_in_the_members_language(world, monkeypatch):
    world.member.user.language = "de"
    world.member.user.save(update_fields=["language"])
    seen: dict[str, object] = {}

    def fake_pdf(*, tenant, context, language=None):
        seen["html"] = statement_html(tenant=tenant, context=context, language=language)
        return b"%PDF-fake"

    monkeypatch.setattr("coopt.rewards.views.documents.statement_pdf", fake_pdf)
    url = reverse("rewards:member_statement_pdf", args=[world.member.pk, YEAR])
    client = world.client_for(world.admin)
    client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="de">' in str(seen["html"])
    assert sentence_in("de") in str(seen["html"])


def test_the_sheet_is_linked_from_the_rewards_and_rules_pages(world):
    client = world.client_for(world.member)
    sheet = reverse("rewards:tax_sheet")
    for page in ("rewards:mine", "rewards:rules"):
        html = client.get(reverse(page)).content.decode()
        assert f'href="{sheet}"' in html, page


def test_the_sheet_explains_what_to_declare(world):
    client = world.client_for(world.member)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("rewards:tax_sheet"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="tax-sheet"' in html
    assert SENTENCE in html
    assert "not tax advice" in html
    assert f'href="{reverse("rewards:statement", args=[YEAR])}"' in html


def test_the_sheet_is_for_members_of_the_company_only(world):
    url = reverse("rewards:tax_sheet")
    anonymous = world.client_for(None).get(url)
    assert anonymous.status_code == 302
    # Another company's member is not signed in here: sent to this company's sign-in page.
    other = world.client_for(world.outsider_member, host="acme.localhost").get(url)
    assert other.status_code in (302, 403, 404)
    assert "tax-sheet" not in other.content.decode()
    assert world.client_for(world.outsider_member, host=GLOBEX_HOST).get(url).status_code == 200
