"""gender-guesser's first names, parsed once and kept between processes.

The builder alone, as ``facts.gazetteer`` is: the kept copy (``newsroom.cache``) is keyed
on this module's source and gender-guesser's version. ``lexicon.is_given_name`` asks it.
"""

from __future__ import annotations

from functools import cache

from newsroom.cache import built


@cache
def given_names() -> frozenset[str]:
    """The names (lower case) to which gender-guesser gives a gender (its list parsed
    once, then kept: ``newsroom.cache``)."""
    return built("given-name-set", build_given_names, ("gender-guesser",))


def build_given_names() -> frozenset[str]:
    """Every name of gender-guesser's list that it does not answer "unknown" for. The set
    alone is kept, not the detector: the detector's table of countries took a tenth of a
    second to load in every process, and only the answer is asked."""
    import gender_guesser.detector

    detector = gender_guesser.detector.Detector(case_sensitive=False)
    return frozenset(
        name for name in map(str.lower, detector.names) if detector.get_gender(name) != "unknown"
    )
