"""The explanation of a match, one translated sentence (D1)."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from coopt.diffusion import explain
from coopt.diffusion.explain import explanation, join_names
from coopt.diffusion.matching import Reasons


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_names_are_joined_in_words():
    assert join_names([]) == ""
    assert join_names(["Lyon"]) == "Lyon"
    assert join_names(["Lyon", "Sales"]) == "Lyon and Sales"
    assert join_names(["Lyon", "Paris", "Sales"]) == "Lyon, Paris and Sales"


def test_it_names_the_followed_tags_locations_first():
    reasons = Reasons(locations=["Lyon"], family="Sales", sector="Retail")
    assert explanation(reasons) == "You follow Lyon, Sales and Retail"
    assert explanation(Reasons(locations=["Lyon"], family="Sales")) == "You follow Lyon and Sales"


def test_it_counts_past_successes_in_the_family():
    one = Reasons(locations=["Lyon"], past_successes=1, success_family="Sales")
    assert (
        explanation(one) == "You follow Lyon; one of your referrals in Sales reached an interview"
    )
    two = Reasons(past_successes=2, success_family="Sales")
    assert explanation(two) == "2 of your referrals in Sales reached an interview"


def test_nothing_to_explain_gives_an_empty_string():
    assert explanation(Reasons(level="expert")) == ""


def test_in_french_every_sentence_is_looked_up_in_the_catalogue(monkeypatch):
    looked_up: list[tuple[str, str | None]] = []

    def recording(function: Callable[..., str]) -> Callable[..., str]:
        def lookup(*args: Any) -> str:
            looked_up.append(
                (
                    args[1] if function.__name__ == "pgettext" else args[0],
                    translation.get_language(),
                )
            )
            return function(*args)

        return lookup

    for name in ("gettext", "ngettext", "pgettext"):
        monkeypatch.setattr(explain, name, recording(getattr(explain, name)))
    with translation.override("fr"):
        text = explanation(
            Reasons(
                locations=["Lyon", "Paris"],
                family="Ventes",
                past_successes=2,
                success_family="Ventes",
            )
        )
        follow = explanation(Reasons(locations=["Lyon"]))
    ids = [msgid for msgid, _ in looked_up]
    assert "%(items)s and %(last)s" in ids
    assert ", " in ids
    assert any(msgid.startswith("You follow %(names)s; one of") for msgid in ids)
    assert "You follow %(names)s" in ids
    assert {language for _, language in looked_up} == {"fr"}
    for name in ("Lyon", "Paris", "Ventes", "2"):
        assert name in text
    assert "%(" not in text
    assert "Lyon" in follow
    assert "%(" not in follow
