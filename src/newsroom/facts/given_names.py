"""gender-guesser's first-name list, parsed once and kept between processes.

The builder alone, as ``facts.gazetteer`` is: the kept copy (``newsroom.cache``) is keyed
on this module's source and gender-guesser's version. ``lexicon.is_given_name`` asks it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from newsroom.cache import built


@cache
def detector() -> Any:
    """gender-guesser's detector (its list parsed once, then kept: ``newsroom.cache``)."""
    return built("given-names", build_detector, ("gender-guesser",))


def build_detector() -> Any:
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)
