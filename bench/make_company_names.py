"""Write ``facts/words/companies.txt``: the names of listed companies.

An untyped name that is a listed company's is an organisation (``facts.entities``, method
``listed_company``: "Walmart", "Goldman Sachs"), as one the gazetteer knows is a place.
The names come from the ``pytickersymbols`` package (MIT; the companies of some fifty
stock indices, Wikipedia's names for them), a development dependency: the list is
written here, once, and shipped. Each company is kept as listed and without its legal
form at the end ("Apple Inc." and "Apple", "Merck & Co." and "Merck"), since news writes
the short form. A name that is also an English word in lower case ("Target", "Next",
"Shell") is marked ``~`` after it and is not used: a capital at a sentence's start is no
evidence of the company (dictionary: Webster's Second and GCIDE through
``english-words``, as ``make_place_words.py`` uses). Run it again when the package is
updated:

    .venv/bin/python bench/make_company_names.py
"""

from __future__ import annotations

import re
from pathlib import Path

from english_words import get_english_words_set
from pytickersymbols import PyTickerSymbols

from newsroom.facts.lexicon import LEGAL_FORMS

OUT = Path(__file__).resolve().parents[1] / "src/newsroom/facts/words/companies.txt"

# Words at a name's end that say what kind of body it is, not which one.
_FORM_WORDS = LEGAL_FORMS | {"corporation", "company", "incorporated", "limited", "se", "ab"}
_WORD = re.compile(r"[^\W_]+(?:[.&'’-][^\W_]+)*\.?")


def short_forms(name: str) -> set[str]:
    """*name* as listed and without the legal form at its end ("Adobe Inc." -> "Adobe")."""
    name = " ".join(name.replace(" ,", ",").split())
    forms = {name}
    words = name.rstrip(".").split()
    while len(words) > 1 and words[-1].strip(",.").replace(".", "").lower() in _FORM_WORDS | {
        "&",
        "and",
    }:
        words.pop()
        if words[-1] not in ("&", "and"):  # "Merck & Co." -> "Merck"
            forms.add(" ".join(words).rstrip(","))
    return {f for f in forms if _WORD.search(f)}


def main() -> None:
    dictionary = get_english_words_set(["web2", "gcide"], lower=False)
    names: set[str] = set()
    for stock in PyTickerSymbols().get_all_stocks():
        names |= short_forms(stock["name"])
    lines = sorted(f"{n} ~" if n.lower() in dictionary else n for n in names if "#" not in n)
    header = (
        "# Listed companies' names, as listed and without a legal form at the end (a\n"
        "# name marked ~ is also an English word in lower case). Written by\n"
        "# bench/make_company_names.py from the pytickersymbols package's index data\n"
        "# (MIT License, Copyright (c) 2023 portfolio+).\n"
    )
    OUT.write_text(header + "".join(f"{n}\n" for n in lines), encoding="utf-8")
    marked = sum(line.endswith(" ~") for line in lines)
    print(f"{len(lines)} names ({marked} also English words): {OUT}")


if __name__ == "__main__":
    main()
