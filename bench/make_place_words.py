"""Write ``facts/words/english_place_words.txt``: the big places' names that are English words.

``facts.entities.lowercase_place`` reads a lower-case word as a place when the gazetteer
gives it ``LOWERCASE_PLACE_POPULATION`` people or more (countries, US states, continents,
the aliases the gazetteer adds, cities of ten million) and it is no English word
("take kyiv", not "roast turkey" or "fine china"). English words are the lower-case
entries of two public-domain dictionaries, Webster's Second International and GCIDE,
through the ``english-words`` package (a development dependency: the list is written
here, once, and shipped; the dictionaries are not needed at run time). Run it again when
the gazetteer or the population threshold changes:

    .venv/bin/python bench/make_place_words.py
"""

from __future__ import annotations

from pathlib import Path

from english_words import get_english_words_set

from newsroom.facts.entities import lowercase_place_names
from newsroom.facts.places import default_gazetteer

OUT = Path(__file__).resolve().parents[1] / "src/newsroom/facts/words/english_place_words.txt"


def main() -> None:
    dictionary = get_english_words_set(["web2", "gcide"], lower=False)
    names = lowercase_place_names(default_gazetteer(), excluded=frozenset())
    words = sorted(n for n in names if n in dictionary)
    header = (
        '# Big places\' names that are also English words in lower case ("turkey", "china"):\n'
        "# never a place when written in lower case. Written by bench/make_place_words.py\n"
        "# from the gazetteer and the lower-case entries of Webster's Second and GCIDE.\n"
    )
    OUT.write_text(header + "".join(f"{w}\n" for w in words), encoding="utf-8")
    print(f"{len(words)} of {len(names)} lower-case place names are English words: {OUT}")


if __name__ == "__main__":
    main()
