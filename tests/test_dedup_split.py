"""The dedup evaluation's split set: its hard negatives are other stories as dedup sees them."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from _dedup_split import clean, quotes

STORY = "\n\n".join(
    f"Paragraph {n} of the council story: the members met on {day} and argued about the"
    f" budget for the {thing}, which the mayor said would be settled before the summer."
    for n, (day, thing) in enumerate(
        [("Monday", "library"), ("Tuesday", "bridge"), ("Wednesday", "pool"), ("Friday", "park")]
    )
)
PROSE = "\n\n".join(
    f"The band played its {n}th show of the tour in a full hall, and the singer thanked the"
    f" crowd for {n} years of songs before the encore that closed the night."
    for n in range(4, 10)
)
# Another story whose second half is a list of dates, lines a page's menu is made of.
DATES = "\n\n".join([PROSE] + [f"June {d} -- Music Pavilion, City {d}, ST" for d in range(1, 40)])


def test_a_quoting_negative_keeps_the_other_storys_half_as_dedup_sees_it() -> None:
    # clean_text takes a text's head of date lines for a menu: what would be left is two
    # paragraphs of the story alone (a teaser of it), no other story
    for seed in range(5):
        text = quotes(DATES, STORY, random.Random(seed))
        assert text is None or "June" in clean(text)
