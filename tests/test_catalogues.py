"""Every user-facing string is translated in all seven catalogues (L1)."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def entries(po: Path) -> dict[str, str]:
    """msgid → msgstr of a catalogue (singular entries; plural ones map to msgstr[0])."""
    text = po.read_text(encoding="utf-8")
    found = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block + "\n", re.M)
        if msgid and msgstr:
            join = lambda chunk: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', chunk))  # noqa: E731
            found[join(msgid.group(1))] = join(msgstr.group(1))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_is_complete(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert po.exists(), f"no catalogue for {language}"
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")
    translations = entries(po)
    missing = [msgid for msgid, msgstr in translations.items() if msgid and not msgstr]
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:3]}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")
def test_every_string_in_the_code_is_in_the_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """makemessages, run on a copy of the code and of the French catalogue, finds nothing new."""
    base = Path(settings.BASE_DIR)
    for folder in ("coopt", "config", "templates"):
        shutil.copytree(
            base / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    work = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    work.mkdir(parents=True)
    shutil.copy(LOCALE / "fr" / "LC_MESSAGES" / "django.po", work / "django.po")
    reference = set(entries(work / "django.po"))
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["fr"], no_obsolete=True, verbosity=0)
    new = set(entries(work / "django.po")) - reference
    assert not new, f"strings missing from the catalogues (run make messages): {sorted(new)[:5]}"


# Words that mean two things in English and two different words in French: each meaning has
# its own context, so the reward's "Due" ("À verser") never heads a deadline column.
TWO_MEANINGS = [
    ((None, "Due", "À verser"), ("deadline", "Due", "Échéance")),
    (("date range", "To", "À"), ("recipient", "To", "Destinataire")),
    ((None, "Answer", "Réponse"), ("verb", "Answer", "Répondre")),
    (("contests", "Finished", "Terminés"), ("run", "Finished", "Terminée")),
    ((None, "Received", "Reçue"), ("date", "Received", "Reçu le")),
]


@pytest.mark.parametrize("pair", TWO_MEANINGS, ids=lambda pair: pair[1][0])
def test_a_word_with_two_meanings_has_a_translation_for_each(pair) -> None:
    from django.utils import translation

    for context, word, french in pair:
        with translation.override("fr"):
            found = translation.pgettext(context, word) if context else translation.gettext(word)
        assert found == french
