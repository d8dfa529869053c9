"""Held-out check: synthetic page copies that do not come from the dev pages.

Each article (the seeds' prose paragraphs and the texts in ``_heldout_articles.py``) is
wrapped in generated page furniture of varied shape and order: menus, tickers, cookie
banners, bylines and dates, share bars, captions with photo credits, ads, inline "Read
more" links, tag lists, related-story lists with blurbs, newsletter prompts, comment
threads with prose comments, footers. The truth is the article's paragraphs. A fixed
random seed keeps the set stable; the generator knows nothing of the cleaner's rules
beyond the kinds of furniture the design names.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from _heldout_articles import ARTICLES

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"

_SECTIONS = [
    "Home", "News", "World", "UK", "US", "Politics", "Business", "Markets", "Tech",
    "Science", "Health", "Sport", "Football", "Culture", "Lifestyle", "Travel", "Opinion",
    "Weather", "Video", "Podcasts", "Local", "Obituaries", "Jobs", "Property", "Motors",
    "Puzzles", "Food & Drink", "Education", "Environment", "Entertainment",
]  # fmt: skip
_NAMES = [
    "Jane Porter", "Ahmed Rahman", "Lucia Fernández", "Tom O'Neill", "Mei Chen",
    "Kwame Mensah", "Sofia Rossi", "Daniel Weber", "Priya Nair", "Oliver Grant",
]  # fmt: skip
_AGENCIES = ["AP", "Reuters", "AFP", "Getty Images", "EPA", "Shutterstock", "PA"]
_SUBJECTS = [
    "Council", "Police", "Minister", "Hospital", "Court", "School board", "Airline",
    "Tech giant", "Central bank", "Regulator", "Union", "Storm", "Museum", "Club",
]  # fmt: skip
_VERBS = [
    "approves", "rejects", "warns over", "delays", "launches", "investigates", "cuts",
    "expands", "unveils", "scraps", "defends", "reviews",
]  # fmt: skip
_OBJECTS = [
    "new parking rules", "plans for a second runway", "budget for next year",
    "ban on e-scooters", "pay deal for nurses", "record profits", "cuts to bus routes",
    "flood defences", "price rise", "summer festival", "new stadium", "exam changes",
]  # fmt: skip
_OPINIONS = [
    "I have been saying this for years and nobody listened.",
    "This is exactly what happens when nobody plans ahead.",
    "Great article, thanks for covering this story in so much detail.",
    "Does anyone know when the work is actually going to start?",
    "I disagree with most of this, but the last point is fair.",
    "My family has lived here for forty years and we have never seen anything like it.",
    "Who is going to pay for all of this in the end? We are, of course.",
    "The people in charge should be ashamed of themselves.",
]  # fmt: skip
_BLURBS = [
    "The decision follows months of debate and is expected to face a legal challenge.",
    "Officials said the change would take effect from the start of next month.",
    "Critics say the plan does not go far enough, while supporters call it a good start…",
    "Here is everything you need to know about what happens next",
    "The move was announced in a short statement on Tuesday evening.",
]  # fmt: skip


def _headline(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"


def _menu(rng: random.Random) -> list[str]:
    return rng.sample(_SECTIONS, rng.randint(6, 20))


def _top(rng: random.Random, title: str) -> list[str]:
    parts: list[list[str]] = []
    if rng.random() < 0.6:
        parts.append(["Skip to main content"] if rng.random() < 0.5 else ["Menu", "Search"])
    parts.append(_menu(rng))
    if rng.random() < 0.5:
        parts.append(["Subscribe", "Sign in"] if rng.random() < 0.5 else ["Log in", "Register"])
    if rng.random() < 0.5:
        parts.append(["Breaking", *[_headline(rng) for _ in range(rng.randint(2, 5))]])
    if rng.random() < 0.5:
        parts.append(
            [
                "We use cookies to give you the best possible experience on our website. "
                "By continuing to use this site you agree to our use of cookies.",
                rng.choice(["Accept", "Accept all cookies", "OK", "I agree"]),
                rng.choice(["Cookie settings", "Manage preferences", "Learn more"]),
            ]
        )
    head = [rng.choice(_SECTIONS), title]
    byline = [
        rng.choice([f"By {rng.choice(_NAMES)}", rng.choice(_NAMES), f"{rng.choice(_NAMES)}, "
                    "Staff Writer"]),
        rng.choice(["March 4, 2024", "Updated 10:42 AM EST, Tue March 5, 2024",
                    "Published 14 June 2023", "2024-02-11 08:15", "Sunday, February 25"]),
    ]  # fmt: skip
    rng.shuffle(byline)
    head += byline
    if rng.random() < 0.6:
        head += rng.choice(
            [["Share this article"], ["Share", "Facebook", "Twitter", "Email"], ["Share this:"]]
        )
    if rng.random() < 0.5:
        head += [_caption(rng)]
    rng.shuffle(parts)
    return [line for part in parts for line in part] + head


def _caption(rng: random.Random) -> str:
    who = rng.choice(_NAMES)
    agency = rng.choice(_AGENCIES)
    return rng.choice(
        [
            f"A view of the scene on Monday morning. (Photo: {who}/{agency})",
            f"Officials speak to reporters outside the building. {who.upper()}/{agency.upper()}",
            f"Photo: {who}, {agency}",
            f"Image credit: {agency}",
            f"People gather near the site on Tuesday, Nov. 19, 2019. ({agency} Photo/{who})",
            f"A general view of the town centre ({agency})",
        ]
    )


def _inline(rng: random.Random) -> list[str]:
    return rng.choice(
        [
            ["Advertisement"],
            ["ADVERTISEMENT"],
            [f"Read more: {_headline(rng)}"],
            [f"RELATED: {_headline(rng)}"],
            [_caption(rng)],
            ["Story continues below advertisement"],
        ]
    )


def _bottom(rng: random.Random) -> list[str]:
    parts: list[list[str]] = []
    if rng.random() < 0.6:
        parts.append([rng.choice(["Tags:", "Topics"]), *rng.sample(_SECTIONS, rng.randint(2, 5))])
    if rng.random() < 0.6:
        parts.append(rng.choice([["Share this:", "Facebook", "Twitter"], ["Share on WhatsApp"]]))
    if rng.random() < 0.5:
        parts.append(
            [
                rng.choice(["Sign up for our newsletter", "Get our morning briefing"]),
                "The day's top stories, delivered to your inbox every morning.",
                rng.choice(["Subscribe", "Sign up"]),
            ]
        )
    if rng.random() < 0.7:
        related = [rng.choice(["Related stories", "More from News", "You may also like",
                               "Most read", "Recommended"])]  # fmt: skip
        for _ in range(rng.randint(3, 6)):
            related.append(_headline(rng))
            if rng.random() < 0.5:
                related.append(rng.choice(_BLURBS))
            if rng.random() < 0.3:
                related.append(rng.choice(["2 hours ago", "Nov 19, 2019", rng.choice(_NAMES)]))
        parts.append(related)
    if rng.random() < 0.6:
        n = rng.randint(1, 5)
        thread = [rng.choice([f"{n} comments", "Comments", "Leave a Reply", "Join the discussion"])]
        for i in range(n):
            thread.append(rng.choice(_NAMES).split()[0].lower() + str(rng.randint(1, 99)))
            thread.append(rng.choice([f"{i + 1} hours ago", "Reply", "Report"]))
            thread.append(" ".join(rng.sample(_OPINIONS, rng.randint(1, 3))))
        parts.append(thread)
    footer = rng.sample(
        ["About us", "Contact us", "Privacy Policy", "Terms of Use", "Advertise with us",
         "Careers", "Accessibility", "Sitemap", "Cookie settings"],
        rng.randint(3, 7),
    )  # fmt: skip
    footer.append(rng.choice(["© 2024 Example Media Group. All rights reserved.",
                              "Copyright © 2023 The Daily Example"]))  # fmt: skip
    parts.append(footer)
    return [line for part in parts for line in part]


def _seed_articles() -> list[tuple[str, list[str]]]:
    """The seeds' long sentence paragraphs (their prose, no furniture), first line as title."""
    out: list[tuple[str, list[str]]] = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        paragraphs = [
            ln
            for ln in lines
            if len(re.findall(r"\w+", ln)) >= 25 and ln.rstrip("”’\"' ")[-1:] in ".!?"
        ]
        title = next(ln for ln in lines if ln and not re.match(r"^\w+day, ", ln))
        out.append((title, paragraphs))
    return out


def synthetic_pages(seed: int = 20240601) -> tuple[dict[str, str], dict[str, str]]:
    """(id -> synthetic page copy, id -> true article body)."""
    rng = random.Random(seed)
    copies: dict[str, str] = {}
    truths: dict[str, str] = {}
    articles = ARTICLES + _seed_articles()
    for variant in range(3):
        for n, (title, paragraphs) in enumerate(articles):
            body: list[str] = []
            for i, para in enumerate(paragraphs):
                body.append(para)
                if 0 < i < len(paragraphs) - 1 and rng.random() < 0.2:
                    body.extend(_inline(rng))
            lines = _top(rng, title) + body + _bottom(rng)
            sep = "\n\n" if rng.random() < 0.4 else "\n"
            key = f"synthetic-{n:02d}-{variant}"
            copies[key] = sep.join(lines) + "\n"
            truths[key] = "\n\n".join(paragraphs)
    return copies, truths
