"""The name tagger (``facts.tagger``) after the rules, the CoNLL loader of the benches, the
seeds' gold names with their methods, and the cited sources that are no sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench._conll import ConllMissing, fold, load, parse
from bench._facts_labels import SEEDS
from newsroom.facts import (
    TEASER,
    Entity,
    Facts,
    Mention,
    Method,
    entities,
    extract_facts,
    find_entities,
    find_sources,
)
from newsroom.facts.entities import Passage, _settle, _TableLines
from newsroom.facts.places import default_gazetteer
from newsroom.facts.records import EntityKind
from newsroom.facts.rules import Span
from newsroom.facts.tagger import _LOWER_WORD, Tagged, Tagging, _document, _window, tag, tokenize
from newsroom.normalise import clean_text

SEED_DIR = Path(__file__).resolve().parents[1] / "seeds"

CONLL = """-DOCSTART- -X- O O

SOCCER NN I-NP O
- : O O
LEEDS NNP I-NP I-ORG
BEAT VB I-VP O
CHELSEA NNP I-NP I-ORG
. . O O

LONDON NNP I-NP I-LOC
1996-08-30 CD I-NP O

Tony NNP I-NP I-PER
Yeboah NNP I-NP I-PER
scored VBD I-VP O
for IN I-PP O
Leeds NNP I-NP I-ORG
's POS B-NP O
side NN I-NP O
, , O O
and CC O O
Yeboah NNP I-NP I-PER
later NN I-NP O
left NN I-NP O
for NN I-NP O
Ghana NNP I-NP I-LOC
' POS O O
s NN O O
Black NNP I-NP B-MISC
Stars NNP I-NP I-MISC
. . O O

-DOCSTART- -X- O O

Bonn NNP I-NP I-LOC
"""


def test_tagger_words_offsets_and_window() -> None:
    body = (
        "The Bank of the West said.\nit rained.\n"
        "U.S. officials met Dr. Ruiz's aide, Lee, in New York."
    )
    lines = tokenize(body)
    assert len(lines) == 2  # the line without a capital is not read
    for line in lines:
        assert [
            body[s : s + len(w)] for w, s in zip(line.words, line.starts, strict=True)
        ] == line.words
    first, second = lines
    # "The" starts the sentence; "of the" joins two capitalised words
    assert [first.words[i] for i in _window(first.words)] == ["Bank", "of", "the", "West"]
    assert second.words[:3] == ["U.S.", "officials", "met"]
    assert "Dr." in second.words and "'s" in second.words
    assert [second.words[i] for i in _window(second.words)] == [
        "U.S.",
        "Dr.",
        "Ruiz",
        "Lee",
        "New",
        "York",
    ]


def test_a_word_is_written_lower_where_the_lower_case_word_pattern_finds_it() -> None:
    # the document's "written in lower case elsewhere" is looked up word by word; it must
    # agree with listing every lower-case word of the body, which the model learnt from
    body = (
        "The Apple fell. an apple-pie, apples and 'pear' in Pear-shaped Bay; bay's edge,"
        " re-bay, _bay, bay2 and bay. Then McBay met mcbay-ish Müller; über alles.\n"
        "Rose rose. ROSE! rosé and Co. co-op; co"
    )
    listed = set(_LOWER_WORD.findall(body))
    doc = _document(body, [])
    candidates = {w.lower() for w in tokenize(body)[0].words + tokenize(body)[1].words}
    candidates |= {"bay", "rose", "co", "apple", "pear", "über", "mcbay", "u.s.", "bay's"}
    for low in sorted(candidates):
        assert doc.written_lower(low) == (low in listed), low


def test_conll_documents_text_offsets_and_gold_sets() -> None:
    first, second = parse(CONLL)
    assert first.text.splitlines()[0] == "SOCCER - LEEDS BEAT CHELSEA."
    for gold in first.entities:
        assert first.text[gold.start : gold.end] == gold.name
    assert [(e.kind, e.name) for e in first.entities][:4] == [
        ("ORG", "LEEDS"),
        ("ORG", "CHELSEA"),
        ("LOC", "LONDON"),
        ("PER", "Tony Yeboah"),
    ]
    # MISC is never scored; the lone surname is the full name; case and "'s" folded
    assert first.gold_set() == {
        ("ORG", "leeds"),
        ("ORG", "chelsea"),
        ("LOC", "london"),
        ("PER", "tony yeboah"),
        ("LOC", "ghana"),
    }
    assert second.text == "Bonn" and second.gold_set() == {("LOC", "bonn")}
    assert fold([("PER", "Smith"), ("PER", "Anna Smith"), ("ORG", "The WTO's")]) == {
        ("PER", "anna smith"),
        ("ORG", "wto"),
    }


def test_conll_files_absent_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_CONLL_DIR", str(tmp_path))
    with pytest.raises(ConllMissing, match=r"eng\.testa"):
        load("dev")
    with pytest.raises(ValueError, match="test split is not read"):
        load("test")


def test_the_tagger_reads_a_results_table_as_clubs() -> None:
    found = find_entities("Boston 5 Chicago 3\nNew Jersey 2 Pittsburgh 1")
    assert {e.name: e.kind for e in found} == {
        "Boston": "org",
        "Chicago": "org",
        "New Jersey": "org",
        "Pittsburgh": "org",
    }
    assert all(e.method == Method.TAGGER and 0.9 < e.confidence <= 1 for e in found)
    # without the tagger the rules read the same cities as places
    assert {e.kind for e in find_entities("Boston 5 Chicago 3", tagger=False)} == {"place"}


def test_the_tagger_keeps_the_rules_firm_lists_and_adds_its_confidence() -> None:
    found = {e.name: e for e in find_entities("A statement from the Kremlin followed.")}
    assert (found["Kremlin"].kind, found["Kremlin"].method) == ("org", Method.KNOWN_NAME)
    found = {e.name: e for e in find_entities("Shelling hit Bakhmut again, Ivan Petrov said.")}
    assert found["Bakhmut"].kind == "place" and found["Ivan Petrov"].kind == "person"
    for e in found.values():
        assert 0.5 < e.confidence <= 1
        assert all(0.5 < m.confidence <= 1 for m in e.mentions)


def test_one_kind_per_name_in_an_article() -> None:
    found = find_entities("Boston 5 Chicago 3\nThe mayor of Boston spoke.")
    boston = next(e for e in found if e.name == "Boston")
    assert boston.kind == "org" and boston.count == 2
    assert [m.method for m in boston.mentions] == [Method.TAGGER, Method.ONE_KIND]


def _settled(body: str, span: Span, *names: Tagged) -> Span | None:
    """The span as ``entities._settle`` leaves it when the tagger found ``names`` in the
    body (a hand-made answer: the decision, not the model, is under test)."""
    passage = Passage(body, default_gazetteer())
    tagging = Tagging(list(names), [], [])
    kept = _settle(passage, span, tagging, set(), _TableLines(body))
    return span if kept else None


def _span(body: str, name: str, kind: EntityKind | None, method: Method, title: str = "") -> Span:
    start = body.index(name)
    return Span(name, start, start + len(name), title, kind, " " not in name, False, method)


def _tagged(body: str, name: str, label: str, confidence: float) -> Tagged:
    start = body.index(name)
    return Tagged(start, start + len(name), label, confidence)


def test_the_taggers_likelier_label_decides_the_kind_of_a_name_the_rules_typed() -> None:
    body = "Warm sun at last in Somerset on Friday."
    for label, confidence, kind in (
        ("ORG", 0.6, "org"),  # more likely than not, though far from sure
        ("MISC", 0.6, None),  # a name, of no kind the warehouse keeps
        ("ORG", 0.4, "place"),  # less likely than not: the rule's kind stays
        ("LOC", 0.3, "place"),  # the same kind
    ):
        span = _span(body, "Somerset", "place", Method.GAZETTEER)
        settled = _settled(body, span, _tagged(body, "Somerset", label, confidence))
        assert settled is not None and settled.kind == kind, label
        retyped = kind == "org"
        assert settled.method == (Method.TAGGER if retyped else Method.GAZETTEER), label


def test_only_a_sure_tagger_retypes_the_rules_that_read_todays_news_otherwise() -> None:
    body = "We expect more cuts, Unilever said."
    span = _span(body, "Unilever", "org", Method.SPEECH_VERB)
    settled = _settled(body, span, _tagged(body, "Unilever", "PER", 0.9))
    assert settled is not None and (settled.kind, settled.method) == ("org", Method.SPEECH_VERB)
    span = _span(body, "Unilever", "org", Method.SPEECH_VERB)
    settled = _settled(body, span, _tagged(body, "Unilever", "PER", 0.96))
    assert settled is not None and settled.kind == "person"
    # and through the whole pass, as shipped: the speech verb's outlet stays one
    found = {e.name: e.kind for e in find_entities(body)}
    assert found == {"Unilever": "org"}


def test_an_outlet_before_reported_takes_a_sure_tagger_to_become_a_person() -> None:
    body = "Marca reported that the England international could need surgery."
    span = _span(body, "Marca", "org", Method.REPORTED_WORD)
    settled = _settled(body, span, _tagged(body, "Marca", "PER", 0.8))
    assert settled is not None and (settled.kind, settled.method) == ("org", Method.REPORTED_WORD)


def test_no_name_of_the_tagger_runs_over_the_words_it_skipped() -> None:
    # the tagger reads capitalised words and the joiners between them; a name it labels
    # across a skipped verb or a number is two names, not one
    found = {
        e.name: e.kind for e in find_entities("Analysts at Apple, Inc. agreed and Inc. said no.")
    }
    assert not any("agreed" in name for name in found), found
    body = (
        "Coach Xabi Alonso said Bellingham would be out for “at least three or four weeks, "
        "maybe more.” Marca reported that the England international could need surgery."
    )
    names = [body[t.start : t.end] for t in tag(body, default_gazetteer(), []).names]
    assert "Bellingham" in names and not any("would" in name for name in names), names
    # the particles of a name are no such words
    found = {e.name: e.kind for e in find_entities("Joost van der Westhuizen scored twice.")}
    assert found.get("Joost van der Westhuizen") == "person", found


def test_a_degree_or_a_legal_form_alone_is_no_speaker_and_no_organisation() -> None:
    body = (
        "The study was led by Jane Roe, PhD. PhD said that was fine. LLC reported a loss, "
        "and LLC filed again."
    )
    found = {e.name: e.kind for e in find_entities(body)}
    assert "PhD" not in found and "LLC" not in found, found


def test_a_name_the_rules_could_not_type_is_a_person_when_the_tagger_says_so() -> None:
    body = "The lead went to Shivnarine Chanderpaul and Sun Jun today."
    for name, label, confidence, kind in (
        ("Shivnarine Chanderpaul", "PER", 0.85, "person"),
        ("Shivnarine Chanderpaul", "PER", 0.75, None),  # not sure enough
        ("Shivnarine Chanderpaul", "ORG", 0.85, None),  # another kind needs RETYPE_CONFIDENCE
        ("Sun Jun", "PER", 0.85, "person"),
    ):
        span = _span(body, name, None, Method.NAME)
        settled = _settled(body, span, _tagged(body, name, label, confidence))
        assert settled is not None and settled.kind == kind, (name, label, confidence)
    # one word the rules left untyped ("Hope" opening a sentence) needs a sure tagger
    body = "Hope fades for the miners."
    span = _span(body, "Hope", None, Method.SINGLE_NAME)
    settled = _settled(body, span, _tagged(body, "Hope", "PER", 0.85))
    assert settled is not None and settled.kind is None


def test_a_firm_rules_name_gives_way_to_a_longer_name_of_its_kind() -> None:
    body = "Monitors of the Organisation for Security and Cooperation in Europe left."
    longer = "Organisation for Security and Cooperation in Europe"
    for label, confidence, name in (
        ("ORG", 0.99, longer),  # the tagger's bounds, the rule's kind
        ("ORG", 0.9, "Organisation for Security"),  # not sure enough of the bounds
        ("LOC", 0.99, "Organisation for Security"),  # another kind: the rule's kind is firm
    ):
        span = _span(body, "Organisation for Security", "org", Method.ORG_HEAD)
        settled = _settled(body, span, _tagged(body, longer, label, confidence))
        assert settled is not None and (settled.name, settled.kind) == (name, "org"), label
        assert body[settled.start : settled.end] == settled.name
    # a shorter name inside the rule's is not taken ("House Select Committee on …")
    body = "The House Select Committee on Energy met."
    span = _span(body, "House Select Committee on Energy", "org", Method.ORG_HEAD)
    settled = _settled(body, span, _tagged(body, "House Select Committee", "ORG", 0.99))
    assert settled is not None and settled.name == "House Select Committee on Energy"


def test_two_firm_names_inside_one_longer_name_make_one_span(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = "Shares of Johnson Controls Inc and Lear Corp rose."
    longer = _tagged(body, "Johnson Controls Inc and Lear Corp", "ORG", 0.99)
    monkeypatch.setattr(entities, "tag", lambda *_: Tagging([longer], [], []))
    passage = Passage(body, default_gazetteer())
    passage.spans = [
        _span(body, "Johnson Controls Inc", "org", Method.ORG_HEAD),
        _span(body, "Lear Corp", "org", Method.ORG_HEAD),
    ]
    entities.crf_tagger(passage)
    assert [(s.name, s.kind) for s in passage.spans] == [
        ("Johnson Controls Inc and Lear Corp", "org")
    ]


def test_a_title_keeps_the_rules_bounds_only_when_it_holds_a_title_word() -> None:
    body = "Mayor Anna Lee met fans of the Boston Red Sox."
    span = _span(body, "Anna Lee", "person", Method.TITLE_PERSON, title="Mayor")
    assert _settled(body, span, _tagged(body, "Mayor Anna Lee", "PER", 0.99)) is span
    # "Boston", split off before "Red" (a first name), is no title: the tagger's bounds
    span = _span(body, "Red Sox", "person", Method.GIVEN_NAME, title="Boston")
    assert _settled(body, span, _tagged(body, "Boston Red Sox", "ORG", 0.99)) is None


def test_words_split_off_a_persons_name_that_the_tagger_reads_as_another_name_are_no_title() -> (
    None
):
    body = "The General Data Protection Regulation applies from May."
    span = _span(body, "Data Protection Regulation", "person", Method.TITLE_PERSON, "General")
    # the tagger reads the title word as the first of a name of another kind (MISC here)
    assert (
        _settled(body, span, _tagged(body, "General Data Protection Regulation", "MISC", 0.9))
        is None
    )
    # a title the tagger reads into a person's name keeps the rules' bounds
    span = _span(body, "Data Protection Regulation", "person", Method.TITLE_PERSON, "General")
    assert (
        _settled(body, span, _tagged(body, "General Data Protection Regulation", "PER", 0.9))
        is span
    )
    # and the shipped tagger, through the whole step: no person in either
    text = (
        "Regulators said the General Data Protection Regulation would be enforced more "
        "strictly.\n\nThe Dow Jones Industrial Average fell 1.2 percent on Wednesday."
    )
    people = [e.name for e in find_entities(text) if e.kind == "person"]
    assert people == []


def test_a_day_named_beside_a_name_is_no_part_of_it() -> None:
    found = {
        e.name: e.kind
        for e in find_entities(
            "He will meet Foreign Minister Jose Miguel Insulza Monday for talks.",
            tagger=False,
        )
    }
    assert found == {"Jose Miguel Insulza": "person"}
    found = {e.name for e in find_entities("On Friday Mitchell Johnson said no.", tagger=False)}
    assert found == {"Mitchell Johnson"}


# The seeds' gold names the facts miss: none ("‘Agentura’" after "the investigative
# website", "that Scorpions song" and "kyiv" in lower case are found since their rules).
SEED_MISSES: set[tuple[str, str, str]] = set()
# Gold names a seed holds only in a teaser, a link to another story that the cleaner takes
# out of the body: seed 003's last line, "NEXT The UN and the European Union showed their
# support for the new Israeli proposal for a ceasefire in Gaza".
SEED_TEASER_GOLD = {("003", "place", "Gaza")}


def _seed_facts(doc: str) -> Facts:
    cleaned = clean_text(next(SEED_DIR.glob(f"{doc}_*.txt")).read_text(encoding="utf-8"))
    return extract_facts(cleaned.title, cleaned.body, teasers=cleaned.teasers)


def test_the_seeds_gold_names_are_found_each_with_its_method() -> None:
    misses = set()
    for label in SEEDS:
        facts = _seed_facts(label.doc)
        for e in facts.entities:
            assert e.method in {*Method, TEASER}, e
            assert all(m.method for m in e.mentions), e
        teaser_gold = {(kind, name) for doc, kind, name in SEED_TEASER_GOLD if doc == label.doc}
        for kind in ("person", "org", "place"):
            found = {
                form.lower()
                for e in facts.entities
                if e.kind == kind
                for form in (e.name, *(m.text for m in e.mentions))
            }
            gold = [*getattr(label, kind), *(name for k, name in teaser_gold if k == kind)]
            for name in gold:
                if not {alt.lower() for alt in name.split("|")} & found:
                    misses.add((label.doc, kind, name.split("|")[0].lower()))
    assert misses == SEED_MISSES


def test_a_name_only_a_teaser_holds_is_kept_apart_from_the_body() -> None:
    facts = _seed_facts("003")
    by_name = {e.name: e for e in facts.entities}
    gaza = by_name["Gaza"]
    assert (gaza.kind, gaza.method, gaza.body_offset) == ("place", TEASER, None)
    assert {m.method for m in gaza.mentions} == {TEASER}
    # the teaser's other names are new to the article too; Russia, named in the other
    # teaser ("What is happening in Russia …"), is the body's entity, listed once
    assert by_name["European Union"].method == TEASER
    russia = [e for e in facts.entities if e.name == "Russia"]
    assert len(russia) == 1 and russia[0].body_offset is not None
    assert russia[0].method != TEASER
    # every body entity keeps its offset into the body
    body = clean_text(next(SEED_DIR.glob("003_*.txt")).read_text(encoding="utf-8")).body
    for e in facts.entities:
        if e.method != TEASER:
            assert e.body_offset is not None and body[e.body_offset :].startswith(
                e.mentions[0].text
            ), e


def test_cited_sources_that_are_no_sources() -> None:
    def cited(body: str, site: str | None = None) -> set[str]:
        return {s.name for s in find_sources(body, site_name=site)}

    assert cited("The trade was first reported by Brian Batko of the Pittsburgh Post-Gazette.") == {
        "Pittsburgh Post-Gazette"
    }
    assert cited("Shares fell, according to Wall Street. Others said so, according to others.") == (
        set()
    )
    assert cited("The senator told CNN on Monday that he would run.", site="CNN") == set()
    assert cited("The senator told CNN on Monday that he would run.") == {"CNN"}
    # "the" after a name starts what was said; after "of" or "for" it is in the name
    assert cited("Analysts told Polygraph.info the Russian claims are false.") == {"Polygraph.info"}
    assert cited("Johnston told Billboard the band was back.", site="Billboard") == set()
    assert cited("The front moved, according to the Institute for the Study of War.") == {
        "Institute for the Study of War"
    }
    # the outlet citing itself when the entity its name is a form of has a longer name
    body = "Analysts told Polygraph.info that the claims are false."
    desk = Entity("Polygraph.info Desk", "org", 1, 14, (Mention("Polygraph.info", 14),))
    assert {s.name for s in find_sources(body, [desk])} == {"Polygraph.info Desk"}
    assert find_sources(body, [desk], site_name="POLYGRAPH.info") == []


def test_a_persons_degrees_or_first_name_are_no_sources() -> None:
    # found on real articles: "Christine Laine, MD, MPH, Editor in Chief, reports" gave
    # the sources "MD" and "MPH"; "said to Walter." (Walter A. Clyburn Reed) gave "Walter"
    body = (
        "Editors' Disclosures: Christine Laine, MD, MPH, Editor in Chief, reports that her "
        "spouse has stock options. One organiser was Walter A. Clyburn Reed, the grandson of "
        "a congressman. Nothing was said to Walter. The plan was first reported by Reuters."
    )
    assert {s.name for s in find_sources(body)} == {"Reuters"}


def test_a_listed_company_is_an_organisation() -> None:
    # no cue in the sentence names a company: the listed companies' names do
    body = (
        "Retail sales rose in November, the survey found. Walmart, which reports next week, "
        "is expected to gain, and Nvidia shares slipped. Goldman Sachs analysts were upbeat."
    )
    found = {e.name: e.kind for e in find_entities(body)}
    assert found.get("Walmart") == "org", found
    assert found.get("Nvidia") == "org", found
    assert found.get("Goldman Sachs") == "org", found


def test_a_listed_companys_name_that_is_a_surname_of_the_articles_person_is_the_person() -> None:
    # "Cummins" is listed (Cummins Inc.), and here the article's person
    body = (
        "The vote was close, said Sarah Cummins, who chairs the planning board. "
        "Cummins told the meeting that the board would meet again in March."
    )
    found = {e.name: e.kind for e in find_entities(body)}
    assert found.get("Sarah Cummins") == "person", found
    assert "Cummins" not in found, found
