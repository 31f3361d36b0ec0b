"""First sign-in asks for 3–4 interests, language and preferences (M3), editable later (M4)."""

from typing import TypedDict

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from coopt.accounts.models import Membership
from coopt.taxonomy.models import Tag

from .. import factories as f
from ..conftest import World

WELCOME = reverse("accounts:onboarding")
PREFERENCES = reverse("accounts:preferences")


@pytest.fixture
def tags(world: World) -> dict[str, Tag]:
    return {
        "lyon": f.make_tag(world.acme, "Lyon"),
        "paris": f.make_tag(world.acme, "Paris"),
        "sales": f.make_tag(world.acme, "Sales", Tag.Kind.FAMILY),
        "tech": f.make_tag(world.acme, "Tech", Tag.Kind.FAMILY),
        "retail": f.make_tag(world.acme, "Retail", Tag.Kind.SECTOR),
    }


@pytest.fixture
def newcomer(world: World) -> Membership:
    return f.make_member(world.acme, email="newcomer@acme.test", onboarded=False)


class Answers(TypedDict):
    """The welcome and preferences forms, as posted."""

    locations: list[int]
    families: list[int]
    sectors: list[int]
    language: str
    notify_targeted: str
    digest_frequency: str


def answers(
    tags: dict[str, Tag],
    *names: str,
    language: str = "fr",
    notify_targeted: str = "",
    digest_frequency: str = "monthly",
) -> Answers:
    chosen = [tags[name] for name in names]
    return {
        "locations": [t.pk for t in chosen if t.kind == Tag.Kind.LOCATION],
        "families": [t.pk for t in chosen if t.kind == Tag.Kind.FAMILY],
        "sectors": [t.pk for t in chosen if t.kind == Tag.Kind.SECTOR],
        "language": language,
        "notify_targeted": notify_targeted,
        "digest_frequency": digest_frequency,
    }


def test_the_first_sign_in_of_a_newcomer_leads_to_welcome(world, newcomer):
    client = Client(HTTP_HOST="acme.localhost")
    response = client.post(
        reverse("account_login"),
        {"login": newcomer.user.email, "password": f.PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == WELCOME
    assert response.status_code == 200
    assert client.get("/")["Location"] == WELCOME


def test_the_welcome_page_offers_only_this_tenants_tags(world, newcomer, tags):
    f.make_tag(world.globex, "Globex city")
    html = world.client_for(newcomer).get(WELCOME).content.decode()
    for name in ("Lyon", "Paris", "Sales", "Tech", "Retail"):
        assert name in html
    assert "Globex city" not in html


@pytest.mark.parametrize(
    "names", [(), ("lyon",), ("lyon", "paris"), ("lyon", "paris", "sales", "tech", "retail")]
)
def test_it_requires_three_or_four_interests(world, newcomer, tags, names):
    response = world.client_for(newcomer).post(WELCOME, answers(tags, *names))
    assert response.status_code == 200
    message = f"Choose 3 or 4 interests (you chose {len(names)})."
    assert message in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.onboarded_at is None
    assert not newcomer.interests.exists()


def test_the_interests_error_is_translated(world, newcomer, tags):
    newcomer.user.language = "fr"
    newcomer.user.save()
    response = world.client_for(newcomer).post(WELCOME, answers(tags, "lyon"))
    errors = response.context["form"].non_field_errors()
    assert errors  # the message goes through gettext in the member's language
    from django.utils import translation

    with translation.override("fr"):
        from django.utils.translation import gettext

        expected = gettext("Choose %(min)s or %(max)s interests (you chose %(count)s).") % {
            "min": 3,
            "max": 4,
            "count": 1,
        }
    assert errors[0] == expected


def test_another_tenants_tag_is_not_an_interest(world, newcomer, tags):
    foreign = f.make_tag(world.globex, "Globex city")
    data = answers(tags, "lyon", "paris")
    data["locations"] = [*data["locations"], foreign.pk]
    response = world.client_for(newcomer).post(WELCOME, data)
    assert response.status_code == 200
    assert response.context["form"].errors["locations"]
    assert not newcomer.interests.exists()


@pytest.mark.parametrize("names", [("lyon", "sales", "retail"), ("lyon", "paris", "sales", "tech")])
def test_it_saves_interests_language_and_preferences(world, newcomer, tags, names):
    client = world.client_for(newcomer)
    response = client.post(WELCOME, answers(tags, *names))
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:board")
    assert response.cookies["django_language"].value == "fr"
    newcomer.refresh_from_db()
    newcomer.user.refresh_from_db()
    assert newcomer.onboarded_at is not None
    assert {t.name for t in newcomer.interests.all()} == {tags[n].name for n in names}
    assert newcomer.user.language == "fr"
    assert newcomer.notify_targeted is False
    assert newcomer.digest_frequency == "monthly"
    assert client.get("/")["Location"] == reverse("jobs:board")


def test_a_language_the_tenant_has_not_enabled_is_refused(world, newcomer, tags):
    world.acme.enabled_languages = ["en", "fr"]
    world.acme.save()
    response = world.client_for(newcomer).post(
        WELCOME, answers(tags, "lyon", "paris", "sales", language="de")
    )
    assert response.context["form"].errors["language"]
    newcomer.user.refresh_from_db()
    assert newcomer.user.language == "en"


def test_preferences_show_the_saved_choices_and_can_be_changed(world, newcomer, tags):
    client = world.client_for(newcomer)
    client.post(WELCOME, answers(tags, "lyon", "paris", "sales"))
    newcomer.refresh_from_db()
    first_onboarded_at = newcomer.onboarded_at

    form = client.get(PREFERENCES).context["form"]
    assert {t.pk for t in form.initial["locations"]} == {tags["lyon"].pk, tags["paris"].pk}
    assert form.initial["language"] == "fr"
    assert form.initial["digest_frequency"] == "monthly"

    response = client.post(
        PREFERENCES,
        answers(
            tags,
            "tech",
            "retail",
            "paris",
            language="en",
            notify_targeted="on",
            digest_frequency="weekly",
        ),
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    newcomer.user.refresh_from_db()
    assert {t.name for t in newcomer.interests.all()} == {"Tech", "Retail", "Paris"}
    assert newcomer.user.language == "en"
    assert newcomer.notify_targeted is True
    assert newcomer.digest_frequency == "weekly"
    assert newcomer.onboarded_at == first_onboarded_at


def test_preferences_keep_the_three_to_four_rule(world, newcomer, tags):
    client = world.client_for(newcomer)
    client.post(WELCOME, answers(tags, "lyon", "paris", "sales", language="en"))
    response = client.post(PREFERENCES, answers(tags, "lyon", language="en"))
    assert "Choose 3 or 4 interests (you chose 1)." in response.content.decode()
    assert newcomer.interests.count() == 3


def test_the_error_speaks_the_members_language(world, newcomer, tags):
    client = world.client_for(newcomer)
    client.post(WELCOME, answers(tags, "lyon", "paris", "sales"))  # chooses French
    response = client.post(PREFERENCES, answers(tags, "lyon"))
    page = response.content.decode()
    with translation.override("fr"):
        expected = gettext("Choose %(min)s or %(max)s interests (you chose %(count)s).") % {
            "min": 3,
            "max": 4,
            "count": 1,
        }
    assert '<html lang="fr">' in page
    assert not expected.startswith("Choose")  # the French catalogue has it
    assert escape(expected) in page
