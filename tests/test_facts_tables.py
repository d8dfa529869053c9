"""The tables facts keeps from installed packages (``newsroom.cache``) say what the
packages say: the first names gender-guesser gives a gender, and the month names and date
order dateparser gives each language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.date_words import MONTH_KEYS, build_date_words
from newsroom.facts.given_names import build_given_names
from newsroom.facts.lexicon import is_given_name


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(tmp_path / "cache"))


def test_given_names_are_those_gender_guesser_knows() -> None:
    import gender_guesser.detector

    detector = gender_guesser.detector.Detector(case_sensitive=False)
    names = build_given_names()
    for name in [*list(detector.names)[::97], "Anna", "ANNA", "Olaf", "Mary-Kate", "Xqzwv"]:
        assert (name.lower() in names) == (detector.get_gender(name) != "unknown"), name
    assert is_given_name("Olaf") and not is_given_name("Xqzwv")


def test_date_words_are_dateparsers() -> None:
    from dateparser.languages.loader import default_loader

    words = build_date_words()
    for language in ("ru", "de", "fr", "pt", "en", "ja"):
        info = default_loader.get_locale(language).info
        months, day_first = words[language]
        assert day_first == (info.get("date_order") == "DMY"), language
        for number, key in enumerate(MONTH_KEYS, start=1):
            for name in info.get(key, ()):
                if len(name) >= 3 and not any(ch.isdigit() for ch in name):
                    assert months[name.lower()] in range(1, number + 1), (language, name)
    assert words["ru"][0]["марта"] == 3 and words["de"][1] and not words["en"][1]


def test_a_foreign_article_is_dated_without_importing_the_packages(tmp_path: Path) -> None:
    # a fresh process: once the tables are kept, reading a Russian date needs neither
    # dateparser nor gender-guesser
    code = (
        "import sys\n"
        "from newsroom.facts import extract_facts\n"
        "body = 'Москва, 12 марта 2024 года. Президент России Владимир Путин заявил.'\n"
        "for _ in range(2):\n"
        "    facts = extract_facts('', body, language='ru', reference_date=None)\n"
        "print([(d.month, d.day, d.year) for d in facts.dates])\n"
        "print('dateparser' in sys.modules, 'gender_guesser' in sys.modules)\n"
    )
    run = [sys.executable, "-c", code]
    env = dict(os.environ, NEWSROOM_CACHE_DIR=str(tmp_path / "cache"))
    subprocess.run(run, env=env, check=True, capture_output=True, text=True)  # builds them
    out = subprocess.run(run, env=env, check=True, capture_output=True, text=True).stdout
    assert out.splitlines() == ["[(3, 12, 2024)]", "False False"]
