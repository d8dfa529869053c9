"""The labelled set for the near-duplicate evaluation (``dedup_eval.py``).

Originals are the article bodies of the article-extraction dev split and the seed articles,
each passed through ``newsroom.normalise.clean_text`` and kept when the clean body has at
least ``MIN_WORDS`` words. For every original seven same-story variants are made from its
clean body, and hard negatives are made next to it; EVERY text (originals too) then goes
through ``clean_text(...).body`` once more, exactly as the pipeline would, since dedup runs
on clean bodies.

Same story (variant kinds):
  typography   straight <-> curly quotes, dashes, ellipses, spacing, case of a heading
  chrome       site chrome around and inside (menus, cookie notice, share prompts, "Read
               more" teasers, related headlines, newsletter prompt, footer)
  edit         3-5 % of the words replaced, inserted or deleted
  truncated    the first 60-80 % of the words (the end cut)
  teaser       the first paragraph, or the first 25-40 % of the words
  mojibake     UTF-8 read as Windows-1252 (ftfy's sloppy-windows-1252, as browsers do)
  update       a new lead paragraph and a new closing paragraph around the same body; the
               original's first paragraph kept or lightly edited

Hard negatives (each a new, distinct story):
  shared_lead      the original's lead paragraph over different reporting
  quotes           a different article that quotes two paragraphs of the original
  short_in_chrome  two short stories (40-80 words) in the same site's long chrome; the two
                   are siblings
  templated        families of generated reports (earnings, football results, weather
                   warnings, election results) with the same wording where only names,
                   places, numbers and dates differ; the members of a family are siblings

"Different reporting" must be text that is a near-duplicate of nothing else in the set, or
the negative would really be a copy of that other article. So it comes from a donor pool:
the tails of the longest English dev articles (those originals keep their first half,
a whole article in itself) and the held-out articles in ``_heldout_articles.py`` (used
for the short stories). Every donor passage is used once.

To keep the truth decidable, an original whose lead paragraph is reused by a shared_lead
negative never gets a lead-only teaser: its teaser runs at least 15 words past the lead
(a teaser that is only the lead is contained in the original and in the negative alike,
and no text-only method could tell which story it belongs to).

Deterministic: ``random.Random(seed)``.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-1252 codec)

from _heldout_articles import ARTICLES as HELDOUT_ARTICLES
from newsroom.metadata import detect_language
from newsroom.normalise import clean_text

DEFAULT_DIR = (
    Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction-dev"
)
SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"

VARIANT_KINDS = (
    "typography", "chrome", "edit", "truncated", "teaser", "mojibake", "update", "rewrite",
    "revise",
)  # fmt: skip
NEGATIVE_KINDS = ("shared_lead", "quotes", "short_in_chrome", "templated")
MIN_WORDS = 80
# English originals at least this long give their tail to the donor pool and keep their
# first KEEP_FRACTION (at least KEEP_MIN_WORDS words).
DONOR_MIN_WORDS = 500
KEEP_FRACTION = 0.5
KEEP_MIN_WORDS = 250
SHORT_STORY_PASSAGES = 8  # donor passages that become short stories
MAX_LEAD_WORDS = 70  # longest lead a shared_lead negative reuses
MIN_TEXT_WORDS = 5  # texts the cleaner leaves shorter than this are left out

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?…”’\"'])\s+(?=[\"“‘(]?[A-Z0-9])")


def bench_dir() -> Path:
    return Path(os.environ.get("NEWSROOM_BENCH_DIR", DEFAULT_DIR))


def n_words(text: str) -> int:
    return len(_WORD.findall(text))


def clean(text: str) -> str:
    """The pipeline's path for every text in the set."""
    return clean_text(text).body


def _paras(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@dataclass(frozen=True, slots=True)
class Item:
    text: str  # the clean body: what dedup sees
    story: str  # ground-truth story label
    kind: str  # "original", a variant kind or a negative kind
    source: str = ""  # the original it is made from / resembles ("" if none)
    group: str = ""  # siblings (short_in_chrome, templated) share a group
    note: str = ""  # how it was made, for diagnostics


@dataclass
class LabelledSet:
    items: list[Item]
    original_index: dict[str, int]  # original id -> index in items
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)

    def counts(self) -> Counter[str]:
        return Counter(it.kind for it in self.items)


# --------------------------------------------------------------------------- word pools

_FIRST = ["James", "Maria", "Robert", "Linda", "Ahmed", "Chen", "Olga", "Samuel", "Grace",
          "Tomas", "Aisha", "Daniel", "Helen", "Victor", "Priya", "Marcus", "Elena", "Kofi",
          "Laura", "Pedro", "Nadia", "Peter", "Ingrid", "Hassan", "Rosa", "Martin",
          "Yuki"]  # fmt: skip
_LAST = ["Whitfield", "Okafor", "Brandt", "Castillo", "Nakamura", "Hughes", "Petrov",
         "Lindqvist", "Moreau", "Adeyemi", "Kowalski", "Farrell", "Haddad", "Sorensen",
         "Delgado", "Ashworth", "Tanaka", "Mbeki", "Novak", "Quinlan", "Barros",
         "Keller"]  # fmt: skip
_TOWNS = ["Ashford", "Millbrook", "Cedar Falls", "Port Ellery", "Greenvale", "Riverton",
          "Oakridge", "Fairhaven", "Stonebridge", "Westfield", "Lakeside", "Brookhaven",
          "Elmwood", "Harlow", "Kingsbury", "Marston", "Northgate", "Pinecrest", "Redhill",
          "Thornbury", "Wexford", "Alder Creek", "Bayport", "Clearwater"]  # fmt: skip
_COUNTIES = ["Jefferson", "Madison", "Franklin", "Clay", "Marion", "Warren", "Lincoln",
             "Monroe", "Douglas", "Carroll", "Benton", "Pike", "Hancock", "Grant"]  # fmt: skip
_STATES = ["Ohio", "Oregon", "Georgia", "Iowa", "Vermont", "Arizona", "Michigan",
           "Nevada", "Kansas", "Maine", "Colorado", "Virginia"]  # fmt: skip
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip
_SITES = ["The Daily Courier", "Metro Ledger", "Valley Herald", "The Morning Star",
          "Coastline News", "Capital Dispatch", "The Northern Echo Online", "City Wire",
          "Harbour Times", "The Evening Sentinel", "Riverside Post", "Plains Gazette"]  # fmt: skip
_SECTIONS = ["Home", "News", "World", "Politics", "Business", "Markets", "Tech", "Science",
             "Health", "Sport", "Culture", "Opinion", "Weather", "Video", "Local", "Travel",
             "Lifestyle", "Entertainment", "Obituaries", "Podcasts", "Jobs",
             "Education"]  # fmt: skip


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _date(rng: random.Random) -> str:
    return f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}"


# --------------------------------------------------------------------------- chrome


def _slug_headline(url: str) -> str | None:
    """A headline-like line from a URL slug ('New-SUVs-and-electric-...-14848164.php')."""
    for part in reversed([p for p in url.split("/") if p]):
        part = re.sub(r"\.(php|html?|aspx?)$", "", part.split("#")[0].split("?")[0])
        words = [w for w in re.split(r"[-_]+", part) if w and not w.isdigit()]
        if len(words) >= 4 and not re.fullmatch(r"[0-9a-f]{6,}", words[0]):
            text = " ".join(words)
            return text[0].upper() + text[1:]
    return None


class _Chrome:
    """Page furniture drawn from a pool of headlines (other stories' titles)."""

    def __init__(self, rng: random.Random, headlines: list[str]) -> None:
        self.rng = rng
        self.headlines = headlines

    def headline(self, avoid: str = "") -> str:
        while True:
            h = self.rng.choice(self.headlines)
            if h != avoid or len(self.headlines) < 2:
                return h

    def top(self, site: str) -> list[str]:
        rng = self.rng
        lines = [site]
        if rng.random() < 0.5:
            lines.append("Skip to main content")
        lines.append(" | ".join(rng.sample(_SECTIONS, rng.randint(6, 12))))
        lines.append(rng.choice(["Subscribe | Sign in", "Log in", "Menu", "Search"]))
        if rng.random() < 0.7:
            lines += [
                rng.choice(
                    [
                        "We use cookies to give you the best possible experience on our site. "
                        "By continuing to browse you agree to our use of cookies.",
                        "This website uses cookies to improve your experience and to show you "
                        "personalised advertising. You can change your settings at any time.",
                    ]
                ),
                rng.choice(["Accept", "Accept all cookies", "OK", "Manage preferences"]),
            ]
        if rng.random() < 0.6:
            lines += rng.choice(
                [["Share this article"], ["Share", "Facebook", "Twitter", "Email"], ["Share:"]]
            )
        return lines

    def inline(self) -> list[str]:
        rng = self.rng
        return rng.choice(
            [
                ["Advertisement"],
                ["ADVERTISEMENT"],
                ["Story continues below advertisement"],
                [f"Read more: {self.headline()}"],
                [f"RELATED: {self.headline()}"],
                [f"READ MORE: {self.headline()}", f"{self.headline()}"],
            ]
        )

    def bottom(self, site: str) -> list[str]:
        rng = self.rng
        lines: list[str] = []
        if rng.random() < 0.7:
            lines += rng.choice(
                [
                    ["Share this:", "Facebook", "Twitter", "WhatsApp"],
                    ["Share on Facebook", "Share on Twitter", "Email this story"],
                ]
            )
        if rng.random() < 0.6:
            lines += [
                rng.choice(["Sign up for our newsletter", "Get our morning briefing"]),
                "The day's top stories, delivered to your inbox every morning.",
                rng.choice(["Subscribe", "Sign up"]),
            ]
        if rng.random() < 0.8:
            lines.append(rng.choice(["More from News", "Most read", "You may also like"]))
            lines += [self.headline() for _ in range(rng.randint(3, 6))]
        if rng.random() < 0.5:
            lines += [
                rng.choice(["Tags:", "Topics"]),
                *rng.sample(_SECTIONS, rng.randint(2, 4)),
            ]
        lines += rng.sample(
            ["About us", "Contact us", "Privacy Policy", "Terms of Use", "Advertise",
             "Careers", "Accessibility", "Sitemap", "Cookie settings"],
            rng.randint(3, 6),
        )  # fmt: skip
        lines.append(f"© {rng.randint(2018, 2024)} {site}. All rights reserved.")
        return lines

    def _about(self, site: str) -> str:
        rng = self.rng
        beats = rng.sample(["local government", "the courts", "schools", "business",
                            "high school sport", "transport", "housing", "the arts",
                            "health care", "the environment", "city hall"], 4)  # fmt: skip
        kind = rng.choice(["an independent", "a nonprofit", "a reader-funded", "a family-owned"])
        what = rng.choice(["website", "organisation", "newsroom"])
        where = (
            f"{rng.choice(_TOWNS)} and {rng.choice(['the region', 'the county', 'nearby towns'])}"
        )
        covers = f"{', '.join(beats[:3])} and {beats[3]}"
        first = f"{site} is {kind} news {what} covering {covers} in {where}."
        second = rng.choice(
            [
                f"Founded in {rng.randint(1950, 2015)}, it has grown to a staff of "
                f"{rng.randint(6, 60)} journalists.",
                "Our reporters have been telling the stories of this community for more "
                "than a decade.",
                f"We publish every day and reach {rng.randint(20, 400)},000 readers a month.",
            ]
        )
        third = rng.choice(
            [
                "We rely on readers like you to keep our journalism free for all.",
                "Our work is paid for by members, advertisers and local sponsors.",
                "Tips and corrections are always welcome at our newsroom address.",
            ]
        )
        return f"{first} {second} {third}"

    def _appeal(self) -> str:
        rng = self.rng
        return " ".join(
            [
                rng.choice(
                    [
                        "If you value what we do, please consider becoming a member.",
                        "Quality reporting takes time, and time costs money.",
                        "Independent journalism has never mattered more.",
                    ]
                ),
                rng.choice(
                    [
                        "Members get early access to our newsletters, invitations to events "
                        "and an ad-free reading experience on every device.",
                        f"A gift of ${rng.choice([5, 8, 10, 12])} a month keeps our "
                        "reporters in the courtroom, the council chamber and the classroom.",
                        "Every contribution, however big or small, goes straight into "
                        "reporting on the issues that matter to you.",
                    ]
                ),
            ]
        )

    def long_site(self, site: str) -> tuple[list[str], list[str]]:
        """A site's long chrome (top, bottom), 200+ words: menus, cookie notice, share
        prompts, trending and most-read headlines, a membership appeal right under the
        story, footer links."""
        rng = self.rng
        top = self.top(site)
        top += [
            "Trending",
            *[self.headline() for _ in range(rng.randint(4, 6))],
        ]
        bottom = [
            rng.choice(["Support local journalism", "Become a member", "Why we need you"]),
            self._appeal(),
            rng.choice(["Become a member", "Donate", "Join today"]),
            "Most read",
            *[self.headline() for _ in range(rng.randint(5, 8))],
            *self.bottom(site),
        ]
        return top, bottom


# --------------------------------------------------------------------------- variants

_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def _curl(text: str) -> str:
    text = re.sub(r'(^|[\s(\[{—–-])"', r"\1“", text, flags=re.M)
    text = text.replace('"', "”")
    text = re.sub(r"(^|[\s(\[{—–-])'", r"\1‘", text, flags=re.M)
    return text.replace("'", "’")


def _is_heading(par: str) -> bool:
    return 1 <= n_words(par) <= 8 and par.rstrip()[-1:] not in ".!?:;,”\"'’)"


def v_typography(base: str, rng: random.Random) -> str:
    t = base.translate(_CURLY) if re.search("[“”‘’]", base) else _curl(base)
    if "—" in t:
        t = re.sub(r"\s*—\s*", rng.choice([" -- ", " - ", "--"]), t)
    else:
        t = re.sub(r"\s+--?\s+", " — ", t)
    t = t.replace("–", "-")
    t = t.replace("…", "...") if "…" in t else t.replace("...", "…")
    t = re.sub(r"([.!?]) (?=[A-Z“\"])", lambda m: m.group(1) + rng.choice(["  ", " "]), t)
    paras = t.split("\n\n")
    for i, p in enumerate(paras):
        if _is_heading(p):
            paras[i] = p.title() if p.isupper() else p.upper()
    return "\n\n".join(p + (" " if rng.random() < 0.2 else "") for p in paras)


def v_chrome(base: str, rng: random.Random, chrome: _Chrome) -> str:
    site = rng.choice(_SITES)
    paras = base.split("\n\n")
    out: list[str] = ["\n".join(chrome.top(site))]
    slots = set(rng.sample(range(1, len(paras)), min(len(paras) - 1, rng.randint(1, 3))))
    for i, p in enumerate(paras):
        if i in slots:
            out.append("\n".join(chrome.inline()))
        out.append(p)
    out.append("\n".join(chrome.bottom(site)))
    return "\n\n".join(out)


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _replace_word(token: str, rng: random.Random, vocab: list[str]) -> str:
    m = re.match(r"^(\W*)(.*?)(\W*)$", token)
    assert m is not None
    pre, core, post = m.groups()
    return pre + _match_case(rng.choice(vocab), core or "x") + post


def v_edit(base: str, rng: random.Random, vocab: list[str], rate: float | None = None) -> str:
    paras = [p.split() for p in base.split("\n\n")]
    total = sum(len(p) for p in paras)
    rate = rng.uniform(0.03, 0.05) if rate is None else rate
    for _ in range(max(1, round(total * rate))):
        pi = rng.choices(range(len(paras)), weights=[len(p) + 1 for p in paras])[0]
        words = paras[pi]
        op = rng.choices(("replace", "insert", "delete"), weights=(2, 1, 1))[0]
        if op == "delete" and len(words) < 2:
            op = "insert"
        j = rng.randrange(len(words)) if words else 0
        if op == "replace" and words:
            words[j] = _replace_word(words[j], rng, vocab)
        elif op == "delete":
            del words[j]
        else:
            words.insert(j, rng.choice(vocab))
    return "\n\n".join(" ".join(p) for p in paras if p)


def _prefix(paras: list[str], n_tokens: int) -> str:
    out: list[str] = []
    left = n_tokens
    for p in paras:
        if left <= 0:
            break
        tokens = p.split()
        out.append(" ".join(tokens[:left]))
        left -= len(tokens)
    return "\n\n".join(out)


def _n_tokens(paras: list[str]) -> int:
    return sum(len(p.split()) for p in paras)


def _cut_end(text: str, rng: random.Random) -> str:
    """How a cut text ends: at the last sentence end (if that keeps 3/4 of it), or mid-
    sentence with or without an ellipsis, as feeds and aggregators do."""
    how = rng.choice(("sentence", "ellipsis", "bare"))
    if how == "sentence":
        m = list(re.finditer(r"[.!?][”’\"')]?(?=\s)", text + " "))
        if m and m[-1].end() >= 0.75 * len(text):
            return text[: m[-1].end()]
        how = "ellipsis"
    if how == "ellipsis":
        return text.rstrip(" ,;:") + rng.choice(("…", " …", " [...]", "..."))
    return text


def v_truncated(base: str, rng: random.Random) -> str:
    paras = base.split("\n\n")
    return _cut_end(_prefix(paras, round(_n_tokens(paras) * rng.uniform(0.6, 0.8))), rng)


def _lead_len(paras: list[str]) -> int:
    """Paragraphs that make the lead: the first one, extended until it has 25 words."""
    k, words = 0, 0
    while k < len(paras) and words < 25:
        words += n_words(paras[k])
        k += 1
    return k


def v_teaser(base: str, rng: random.Random, lead_protected: bool) -> tuple[str, str]:
    paras = base.split("\n\n")
    total = _n_tokens(paras)
    first = len(paras[0].split())
    lead_only_ok = not lead_protected and len(paras) > 1 and 25 <= first <= 0.45 * total
    if lead_only_ok and rng.random() < 0.5:
        return paras[0], "first paragraph"
    n = round(total * rng.uniform(0.25, 0.40))
    if lead_protected:
        n = max(n, _n_tokens(paras[: _lead_len(paras)]) + 15)
    return _cut_end(_prefix(paras, n), rng), f"first {n}/{total} words"


def v_mojibake(base: str) -> str:
    return base.encode("utf-8").decode("sloppy-windows-1252")


_STOP_CAPS = {"The", "A", "An", "In", "On", "At", "But", "And", "It", "He", "She", "They",
              "We", "I", "This", "That", "There", "His", "Her", "Their", "Our", "If", "As",
              "For", "With", "After", "When", "While", "Mr", "Ms", "Mrs", "Dr"}  # fmt: skip


def _entities(text: str) -> list[str]:
    found: Counter[str] = Counter()
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})", text):
        name = m.group(1)
        if name.split()[0] not in _STOP_CAPS and name not in _WEEKDAYS:
            found[name] += 1
    return [n for n, _ in found.most_common(6)] or ["officials"]


_LEADS = [
    "{e1} said on {day} that the matter involving {e2} was still under review, and that a "
    "fuller statement would follow once the details had been confirmed.",
    "Updated {day} at {time}: new details emerged late on {day} about {e1}, after people "
    "close to {e2} described the events of the past week to reporters.",
    "The latest: {e1} and {e2} were both drawn further into the story on {day}, according "
    "to two people familiar with the matter who asked not to be named.",
    "Fresh questions were raised on {day} over {e1}, hours after this report was first "
    "published, as {e2} faced growing pressure to explain what had happened.",
    "UPDATE, {time}: {e1} responded on {day} to the account below, saying through a "
    "spokesperson that {e2} had been informed of every step in advance.",
]
_LEAD_TAILS = [
    "Here is what we know so far.",
    "Our earlier report follows.",
    "It was not immediately clear what the development would mean for those involved.",
    "The original story continues below.",
    "",
]
_CLOSES = [
    "This story has been updated with additional reporting and to include comment from "
    "{e1}. {e2} did not immediately respond to a request for comment on {day}.",
    "{e1} is expected to address the issue again later this week, while {e2} has said it "
    "will publish its own account before the end of the month. Reporting by {p1}; editing "
    "by {p2}.",
    "Further updates are expected as more information becomes available. Anyone with "
    "information about {e1} has been asked to contact the authorities, {e2} said.",
    "{p1} contributed reporting. An earlier version of this article misstated the day on "
    "which {e1} first spoke about {e2}; it was {day}.",
]


def v_update(base: str, rng: random.Random, vocab: list[str]) -> str:
    paras = base.split("\n\n")
    ents = _entities(base)
    e1, e2 = rng.sample(ents, 2) if len(ents) >= 2 else [ents[0], "officials"]
    fill = {
        "e1": e1,
        "e2": e2,
        "day": rng.choice(_WEEKDAYS),
        "time": f"{rng.randint(1, 11)}:{rng.choice(['05', '20', '35', '50'])} p.m.",
        "p1": _person(rng),
        "p2": _person(rng),
    }
    lead = (rng.choice(_LEADS) + " " + rng.choice(_LEAD_TAILS)).format(**fill).strip()
    close = rng.choice(_CLOSES).format(**fill)
    first = paras[0] if rng.random() < 0.5 else v_edit(paras[0], rng, vocab, rate=0.04)
    return "\n\n".join([lead, first, *paras[1:], close])


# --------------------------------------------------------------------------- templated

_COMPANIES = ["Northwind Systems", "Halvorsen Foods", "Brightline Energy", "Calder Pharma",
              "Meridian Logistics", "Ostrava Motors", "Pinecrest Bancorp", "Solano Retail",
              "Tidewater Chemicals", "Vantage Media"]  # fmt: skip
_CLUBS = ["Ashford Town", "Millbrook United", "Riverton Rovers", "Oakridge City",
          "Fairhaven Athletic", "Stonebridge Wanderers", "Westfield Albion", "Harlow FC",
          "Kingsbury Borough", "Marston Villa"]  # fmt: skip

_TEMPLATES: dict[str, str] = {
    "earnings": (
        "{org} on {weekday} reported {quarter}-quarter earnings of ${n1}.{n2} per share, "
        "compared with analysts' expectations of ${n3}.{n4} a share, according to a survey "
        "of analysts.\n\n"
        "Revenue for the three months ended {month} {d1} rose {n5}% to ${n6}.{n7} billion, "
        "from ${n8}.{n9} billion a year earlier. Net income was ${n10} million, compared with "
        "${n11} million in the same period last year.\n\n"
        "“We delivered another quarter of disciplined growth, and we remain confident in our "
        "outlook for the full year,” chief executive {p1} said in a statement. Chief "
        "financial officer {p2} said the company expected full-year revenue of between "
        "${n12} billion and ${n13} billion.\n\n"
        "Shares of {org} rose {n14}% in after-hours trading in New York. The stock has "
        "gained {n15}% so far this year.\n\n"
        "This story was generated automatically from the company's earnings release and "
        "data provided by our market data partner. Figures are unaudited and may be revised."
    ),
    "football": (
        "{org} beat {org2} {n1}-{n2} on {weekday} night at {place} Park in front of a crowd "
        "of {n3},{n4}.\n\n"
        "{p1} opened the scoring in the {n5}th minute, and {p2} doubled the lead {n6} "
        "minutes later with a low shot from the edge of the area. {p3} pulled one back for "
        "{org2} in the {n7}th minute, but the home side held on.\n\n"
        "The result moves {org} to {n8} points from {n9} matches, {n10} points behind the "
        "leaders. {org2} remain on {n11} points.\n\n"
        "“The players showed real character tonight, and that is what we have asked of "
        "them all season,” manager {p4} said after the match.\n\n"
        "{org} travel to {place2} on {weekday2}, while {org2} host {org3} on the same day. "
        "Match reports are compiled from official league data."
    ),
    "weather": (
        "The National Weather Service has issued a winter storm warning for {county} "
        "County and surrounding areas from {n1} p.m. {weekday} until {n2} a.m. {weekday2}, "
        "{month} {d1}.\n\n"
        "Forecasters expect {n3} to {n4} inches of snow in {place}, with up to {n5} inches "
        "possible in higher areas near {place2}. Winds gusting to {n6} miles per hour could "
        "cause blowing and drifting snow and reduce visibility to less than a quarter "
        "mile.\n\n"
        "Overnight temperatures will fall to around {n7} degrees, with wind chills as low "
        "as minus {n8}.\n\n"
        "Travel could be very difficult. The hazardous conditions could impact the morning "
        "commute. If you must travel, keep an extra flashlight, food and water in your "
        "vehicle in case of an emergency. The latest road conditions can be obtained by "
        "calling 511."
    ),
    "election": (
        "{p1} won the race for the {place} City Council seat in District {n1} on {weekday}, "
        "taking {n2}% of the vote to {n3}% for {p2}, according to unofficial results from "
        "the {county} County elections office.\n\n"
        "Turnout was {n4}%, with {n5},{n6} ballots cast across {n7} precincts. {p1}, a "
        "former school board member, will replace {p3}, who did not seek re-election after "
        "{n8} years on the council.\n\n"
        "“I am grateful to every voter who turned out today, and I am ready to get to work "
        "for the people of this district,” {p1} said in a statement on election night.\n\n"
        "Results are unofficial until they are certified by the county canvassing board, "
        "which is scheduled to meet on {month} {d1}. Provisional and late-arriving mail "
        "ballots will be counted before certification."
    ),
}


def _templated_member(family: str, rng: random.Random) -> str:
    fill: dict[str, str] = {f"n{i}": str(rng.randint(2, 99)) for i in range(1, 16)}
    people = [_person(rng) for _ in range(4)]
    if family == "earnings":
        orgs = rng.sample(_COMPANIES, 3)
    elif family == "football":
        orgs = rng.sample(_CLUBS, 3)
    else:
        orgs = ["", "", ""]
    days = rng.sample(_WEEKDAYS, 2)
    places = rng.sample(_TOWNS, 2)
    fill |= {
        "org": orgs[0], "org2": orgs[1], "org3": orgs[2],
        "p1": people[0], "p2": people[1], "p3": people[2], "p4": people[3],
        "weekday": days[0], "weekday2": days[1], "month": rng.choice(_MONTHS),
        "d1": str(rng.randint(1, 28)), "quarter": rng.choice(["first", "second", "third",
        "fourth"]), "place": places[0], "place2": places[1],
        "county": rng.choice(_COUNTIES),
    }  # fmt: skip
    return _TEMPLATES[family].format(**fill)


# --------------------------------------------------------------------------- donors


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _short_story(paras: list[str], rng: random.Random) -> str:
    """40-80 words: the first sentences of a passage."""
    target = rng.randint(40, 80)
    out: list[str] = []
    words = 0
    for s in (s for p in paras for s in _sentences(p)):
        w = n_words(s)
        if words >= 40 and words + w > target:
            break
        out.append(s)
        words += w
        if words >= target:
            break
    text = " ".join(out)
    tokens = text.split()
    while n_words(" ".join(tokens)) > 80:
        tokens.pop()
    return " ".join(tokens)


def _chunks(paras: list[str], rng: random.Random, lo: int, hi: int) -> list[list[str]]:
    """Consecutive paragraphs grouped into passages of lo..hi words (the rest dropped)."""
    out: list[list[str]] = []
    cur: list[str] = []
    target = rng.randint(lo, hi)
    for p in paras:
        cur.append(p)
        if sum(n_words(x) for x in cur) >= target:
            out.append(cur)
            cur, target = [], rng.randint(lo, hi)
    if cur and sum(n_words(x) for x in cur) >= lo:
        out.append(cur)
    return out


# --------------------------------------------------------------------------- the set


def _load_originals(root: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    """[(id, raw body, headline)] for the dev bodies then the seeds; and other headlines."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    out: list[tuple[str, str, str]] = []
    for key in sorted(truth):
        url = truth[key].get("url", "")
        out.append((f"dev-{key[:10]}", truth[key]["articleBody"], _slug_headline(url) or ""))
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append((f"seed-{path.stem[:3]}", text, clean_text(text).title))
    heads = [h for _, _, h in out if h] + [t for t, _ in HELDOUT_ARTICLES]
    return out, heads


def build_set(root: Path | None = None, seed: int = 20240615) -> LabelledSet:
    rng = random.Random(seed)
    root = root or bench_dir()
    raw_originals, headlines = _load_originals(root)
    chrome = _Chrome(rng, headlines)

    # Originals: clean bodies of >= MIN_WORDS words. The long English ones give their tail
    # to the donor pool and keep their first ~40 % (at least 300 words).
    bases: dict[str, str] = {}
    langs: dict[str, str] = {}
    donor_tails: list[list[str]] = []
    excluded: list[tuple[str, str]] = []
    for oid, raw, _ in raw_originals:
        body = clean(raw)
        words = n_words(body)
        if words < MIN_WORDS:
            excluded.append((oid, f"{words} words after clean_text"))
            continue
        lang = detect_language(body, min_probability=0.0) or ""
        paras = _paras(body)
        if lang == "en" and words >= DONOR_MIN_WORDS and len(paras) >= 6:
            keep, acc = 0, 0
            while keep < len(paras) and (acc < KEEP_FRACTION * words or acc < KEEP_MIN_WORDS):
                acc += n_words(paras[keep])
                keep += 1
            donor_tails.append(paras[keep:])
            body = "\n\n".join(paras[:keep])
        bases[oid] = body
        langs[oid] = lang

    vocab = sorted(
        {w.lower() for b in bases.values() for w in re.findall(r"[A-Za-z]{3,}", b)}
        - {w.lower() for w in _STOP_CAPS}
    )
    passages: list[list[str]] = []
    for tail in donor_tails:
        passages += _chunks(tail, rng, 100, 220)
    rng.shuffle(passages)

    # Which originals get which text-derived negative. A shared_lead needs a lead of at
    # most 30 % of the article and MAX_LEAD_WORDS (a news lead, not half a story); quotes
    # need two non-lead paragraphs worth 10-35 % of it.
    order = sorted(oid for oid in bases if langs[oid] == "en")
    rng.shuffle(order)
    shared_lead: dict[str, int] = {}  # oid -> number of lead paragraphs
    quoted: dict[str, tuple[int, int]] = {}
    for oid in order:
        paras = bases[oid].split("\n\n")
        total = n_words(bases[oid])
        k = _lead_len(paras)
        lead_words = n_words("\n\n".join(paras[:k]))
        lead_ok = k < len(paras) and lead_words <= min(MAX_LEAD_WORDS, 0.30 * total)
        pairs = [
            (i, j)
            for i in range(1, len(paras))
            for j in range(i + 1, min(i + 3, len(paras)))
            if 0.10 * total <= n_words(paras[i]) + n_words(paras[j]) <= 0.35 * total
            and min(n_words(paras[i]), n_words(paras[j])) >= 12
        ]
        want_lead = len(shared_lead) <= len(quoted)
        if lead_ok and (want_lead or not pairs):
            shared_lead[oid] = k
        elif pairs:
            quoted[oid] = rng.choice(pairs)

    # Keep what the donor pool can carry (one passage each), alternating kinds.
    budget = len(passages) - SHORT_STORY_PASSAGES
    sl_ids, q_ids = list(shared_lead), list(quoted)
    keep_sl, keep_q = set(sl_ids[: budget // 2]), set(q_ids[: budget - budget // 2])
    shared_lead = {k: v for k, v in shared_lead.items() if k in keep_sl}
    quoted = {k: v for k, v in quoted.items() if k in keep_q}

    items: list[Item] = []
    for oid, base in bases.items():
        items.append(Item(clean(base), oid, "original", oid))
        made = {
            "typography": v_typography(base, rng),
            "chrome": v_chrome(base, rng, chrome),
            "edit": v_edit(base, rng, vocab),
            "truncated": v_truncated(base, rng),
            "mojibake": v_mojibake(base),
            "update": v_update(base, rng, vocab),
        }
        teaser, how = v_teaser(base, rng, lead_protected=oid in shared_lead)
        for kind in VARIANT_KINDS:
            if kind != "teaser" and kind not in made:
                continue  # a kind of the split sets only ("rewrite", "revise")
            raw = teaser if kind == "teaser" else made[kind]
            items.append(Item(clean(raw), oid, kind, oid, note=how if kind == "teaser" else ""))

    # shared_lead: the lead over a donor passage; quotes: a donor passage quoting two
    # paragraphs of the original.
    for oid, k in shared_lead.items():
        paras = bases[oid].split("\n\n")
        host = passages.pop()
        text = "\n\n".join(paras[:k] + host)
        items.append(Item(clean(text), f"{oid}/shared_lead", "shared_lead", oid))
    for oid, (i, j) in quoted.items():
        paras = bases[oid].split("\n\n")
        host = passages.pop()
        site = rng.choice(_SITES)
        intro = rng.choice(
            [
                f"In a report published earlier this week, {site} wrote:",
                f"As {site} reported on {rng.choice(_WEEKDAYS)}:",
                "An earlier account of the events read as follows:",
            ]
        )
        block = [intro] + [p if p[:1] in "“\"‘'" else f"“{p}”" for p in (paras[i], paras[j])]
        at = min(len(host), rng.randint(1, 2))
        text = "\n\n".join([*host[:at], *block, *host[at:]])
        items.append(Item(clean(text), f"{oid}/quotes", "quotes", oid, note=f"paras {i},{j}"))

    # short_in_chrome: pairs of short stories (held-out articles, then donor passages), each
    # pair in one site's long chrome.
    stories = [(t, _short_story(p, rng)) for t, p in HELDOUT_ARTICLES]
    for host in passages:
        stories.append((rng.choice(headlines), _short_story(host, rng)))
    passages.clear()
    rng.shuffle(stories)
    for n in range(len(stories) // 2):
        pair = stories[2 * n : 2 * n + 2]
        site = _SITES[n % len(_SITES)]
        top, bottom = chrome.long_site(site)
        group = f"short/{n}"
        for m, (title, story) in enumerate(pair):
            dateline = f"By {_person(rng)}\n{_date(rng)}, {rng.randint(2019, 2024)}"
            text = "\n".join([*top, title, dateline, story, *bottom])
            body = clean(text)
            kept = " ".join(story.split()[:8]) in " ".join(body.split())
            note = "story kept" if kept else "story lost by clean_text"
            items.append(Item(body, f"{group}/{m}", "short_in_chrome", "", group, note))

    # templated: families of five.
    for family in _TEMPLATES:
        for m in range(5):
            text = _templated_member(family, rng)
            items.append(Item(clean(text), f"tpl/{family}/{m}", "templated", "", family))

    # A text the cleaner empties (it drops, e.g., a lone paragraph cut mid-sentence) cannot
    # be clustered by any dedup: leave it out of the set and say so.
    kept: list[Item] = []
    for it in items:
        if it.kind != "original" and n_words(it.text) < MIN_TEXT_WORDS:
            excluded.append((f"{it.story}:{it.kind}", "emptied by clean_text"))
            continue
        kept.append(it)
    index = {it.story: i for i, it in enumerate(kept) if it.kind == "original"}
    return LabelledSet(kept, index, excluded)
