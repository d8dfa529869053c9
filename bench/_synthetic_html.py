"""Held-out check: synthetic HTML news pages that do not come from the dev pages.

Each article (the texts in ``_heldout_articles.py`` and the seeds' prose paragraphs) is
wrapped in one of several page templates of different markup styles (semantic
``<article>``, div soup with class names, an old table layout, a body split into chunks
around ads, a ``<br>``-separated body) and surrounded by the furniture the design names:
navigation, header, cookie banner, byline and date, share widgets, figures with captions,
ads, inline "Read more" links, related-story lists with blurbs, newsletter prompts,
comment threads written in prose, footers. Some pages carry JSON-LD and OpenGraph tags,
some none. The truth is the article's paragraphs. A fixed random seed keeps the set
stable; the generator knows nothing of the extractor beyond the kinds of furniture.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Callable

from _heldout_articles import ARTICLES
from _synthetic_pages import (
    _AGENCIES,
    _BLURBS,
    _NAMES,
    _OPINIONS,
    _SECTIONS,
    _headline,
    _seed_articles,
)

E = html.escape


def _is_subheading(text: str) -> bool:
    return len(text.split()) <= 8 and text.rstrip()[-1:] not in '.!?:”"'


def _nav(rng: random.Random, cls: str) -> str:
    items = "".join(f'<li><a href="/{s.lower()}">{E(s)}</a></li>' for s in
                    rng.sample(_SECTIONS, rng.randint(6, 16)))  # fmt: skip
    return f'<nav class="{cls}"><ul>{items}</ul></nav>'


def _cookie(rng: random.Random) -> str:
    return (
        '<div class="cookie-banner" id="consent"><p>We use cookies to give you the best '
        "possible experience on our website. By continuing to use this site you agree to our "
        'use of cookies.</p><button>Accept all</button><a href="/privacy">Manage '
        "preferences</a></div>"
    )


def _share(rng: random.Random) -> str:
    nets = rng.sample(["Facebook", "Twitter", "LinkedIn", "WhatsApp", "Email", "Reddit"], 4)
    links = "".join(f'<a class="share-{n.lower()}" href="#">{n}</a>' for n in nets)
    label = rng.choice(["Share this article", "Share", "Share this story"])
    return f'<div class="{rng.choice(["share-bar", "social-tools", "article-share"])}">' \
           f"<span>{label}</span>{links}</div>"  # fmt: skip


def _caption_text(rng: random.Random) -> str:
    who, agency = rng.choice(_NAMES), rng.choice(_AGENCIES)
    return rng.choice(
        [
            f"A view of the scene on Monday morning. (Photo: {who}/{agency})",
            "Officials speak to reporters outside the building on Tuesday.",
            f"People gather near the site on Tuesday, Nov. 19, 2019. ({agency} Photo/{who})",
            f"A general view of the town centre, where the changes will take effect ({agency})",
        ]
    )


def _figure(rng: random.Random) -> str:
    cap = _caption_text(rng)
    if rng.random() < 0.6:
        credit = f'<span class="credit">{E(rng.choice(_AGENCIES))}</span>'
        return (
            f'<figure class="article-image"><img src="/img/{rng.randint(1, 999)}.jpg" '
            f'alt="photo"><figcaption>{E(cap)} {credit}</figcaption></figure>'
        )
    return (
        f'<div class="image-wrap"><img src="/img/{rng.randint(1, 999)}.jpg">'
        f'<p class="caption">{E(cap)}</p></div>'
    )


def _ad(rng: random.Random) -> str:
    return rng.choice(
        [
            '<div class="ad-slot"><span>Advertisement</span><div id="gpt-ad-1"></div></div>',
            '<aside class="advert">ADVERTISEMENT</aside>',
            '<div class="inline-ad"><p>Story continues below advertisement</p></div>',
        ]
    )


def _read_more(rng: random.Random) -> str:
    label = rng.choice(["Read more:", "RELATED:", "Also read:"])
    return f'<p class="read-more"><strong>{label}</strong> <a href="/x">{E(_headline(rng))}</a></p>'


def _related(rng: random.Random) -> str:
    label = rng.choice(["Related stories", "More from News", "You may also like", "Most read"])
    items = []
    for _ in range(rng.randint(3, 6)):
        blurb = f"<p>{E(rng.choice(_BLURBS))}</p>" if rng.random() < 0.6 else ""
        items.append(f'<li><a href="/s/{rng.randint(1, 9999)}"><h3>{E(_headline(rng))}</h3></a>'
                     f"{blurb}</li>")  # fmt: skip
    return f'<section class="related"><h2>{label}</h2><ul>{"".join(items)}</ul></section>'


def _newsletter(rng: random.Random) -> str:
    head = rng.choice(["Sign up for our newsletter", "Get our morning briefing"])
    return (
        f'<div class="newsletter-signup"><h3>{head}</h3>'
        "<p>The day's top stories, delivered to your inbox every morning.</p>"
        '<form><input type="email" placeholder="Your email"><button>Sign up</button></form>'
        "</div>"
    )


def _comments(rng: random.Random) -> str:
    n = rng.randint(2, 5)
    items = []
    for i in range(n):
        who = rng.choice(_NAMES).split()[0].lower() + str(rng.randint(1, 99))
        text = " ".join(rng.sample(_OPINIONS, rng.randint(1, 3)))
        items.append(
            f'<li class="comment"><div class="comment-author">{who}</div>'
            f'<div class="comment-date">{i + 1} hours ago</div><div class="comment-body">'
            f"<p>{E(text)}</p></div><a href='#'>Reply</a></li>"
        )
    head = rng.choice([f"{n} comments", "Comments", "Join the discussion", "Leave a Reply"])
    thread = "".join(items)
    return f'<section id="comments" class="comments"><h2>{head}</h2><ol>{thread}</ol></section>'


def _footer(rng: random.Random) -> str:
    links = rng.sample(["About us", "Contact us", "Privacy Policy", "Terms of Use",
                        "Advertise with us", "Careers", "Sitemap"], 5)  # fmt: skip
    items = "".join(f'<a href="/{x.replace(" ", "-").lower()}">{x}</a> ' for x in links)
    rights = "© 2024 Example Media Group. All rights reserved."
    return f"<footer><div>{items}</div><p>{rights}</p></footer>"


def _byline(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(_NAMES)
    date = rng.choice(["March 4, 2024", "Tue 5 March 2024 10.42 GMT", "2024-02-11 08:15"])
    return name, (
        f'<div class="byline"><span class="author">By <a href="/a/x">{E(name)}</a></span> '
        f'<time datetime="2024-03-04T10:42:00Z">{date}</time></div>'
    )


def _tags(rng: random.Random) -> str:
    tags = "".join(f'<a href="/t/{t.lower()}">{t}</a>' for t in rng.sample(_SECTIONS, 4))
    return f'<div class="tags"><span>Tags:</span>{tags}</div>'


def _body_html(rng: random.Random, paragraphs: list[str], style: str) -> str:
    """The article paragraphs as markup, with inline furniture between some of them."""
    parts: list[str] = []
    for i, para in enumerate(paragraphs):
        if _is_subheading(para):
            parts.append(f"<h2>{E(para)}</h2>" if style != "br" else f"<b>{E(para)}</b><br><br>")
        elif style == "br":
            parts.append(f"{E(para)}<br><br>")
        else:
            parts.append(f"<p>{E(para)}</p>")
        if 0 < i < len(paragraphs) - 1 and rng.random() < 0.25:
            parts.append(rng.choice([_ad, _read_more, _figure])(rng))
    return "\n".join(parts)


def _head(rng: random.Random, title: str, author: str, url: str, paragraphs: list[str]) -> str:
    meta = [f"<title>{E(title)} | The Daily Example</title>"]
    if rng.random() < 0.7:
        meta += [
            f'<meta property="og:title" content="{E(title)}">',
            '<meta property="og:site_name" content="The Daily Example">',
            f'<meta property="og:url" content="{url}">',
            f'<meta name="description" content="{E(paragraphs[0][:150])}">',
            '<meta property="article:published_time" content="2024-03-04T10:42:00+00:00">',
        ]
    if rng.random() < 0.5:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "author": {"@type": "Person", "name": author},
            "datePublished": "2024-03-04T10:42:00Z",
            "publisher": {"@type": "Organization", "name": "The Daily Example"},
        }
        meta.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    meta.append(f'<link rel="canonical" href="{url}">')
    meta.append("<script>window.dataLayer = window.dataLayer || [];</script>")
    return f'<head><meta charset="utf-8">{"".join(meta)}</head>'


def _semantic(rng: random.Random, title: str, paragraphs: list[str], author: str) -> str:
    _, byline = _byline(rng)
    top = rng.random() < 0.5
    return (
        f"<header>{_nav(rng, 'main-nav')}</header>{_cookie(rng) if rng.random() < 0.5 else ''}"
        f"<main><article><h1>{E(title)}</h1>{byline}{_share(rng) if top else ''}"
        f"{_figure(rng) if rng.random() < 0.6 else ''}"
        f'<div class="article-body">{_body_html(rng, paragraphs, "p")}</div>'
        f"{_tags(rng) if rng.random() < 0.6 else ''}{'' if top else _share(rng)}</article>"
        f"{_newsletter(rng) if rng.random() < 0.6 else ''}"
        f"<aside>{_related(rng)}</aside>{_comments(rng) if rng.random() < 0.6 else ''}</main>"
        f"{_footer(rng)}"
    )


def _divsoup(rng: random.Random, title: str, paragraphs: list[str], author: str) -> str:
    _, byline = _byline(rng)
    return (
        f'<div id="page"><div class="top-bar">{_nav(rng, "menu")}</div>'
        f'<div class="container"><div class="row"><div class="col-main">'
        f'<div class="headline-wrap"><h1 class="headline">{E(title)}</h1></div>{byline}'
        f"{_share(rng)}{_figure(rng) if rng.random() < 0.6 else ''}"
        f'<div class="story-text">{_body_html(rng, paragraphs, "p")}</div>'
        f"{_newsletter(rng) if rng.random() < 0.5 else ''}{_related(rng)}"
        f"{_comments(rng) if rng.random() < 0.7 else ''}</div>"
        f'<div class="col-side">{_related(rng)}{_ad(rng)}</div></div></div>{_footer(rng)}</div>'
    )


def _chunked(rng: random.Random, title: str, paragraphs: list[str], author: str) -> str:
    """The body split into several sibling containers around ads and teasers."""
    _, byline = _byline(rng)
    chunks: list[str] = []
    step = max(1, len(paragraphs) // rng.randint(2, 3))
    for start in range(0, len(paragraphs), step):
        chunk = _body_html(rng, paragraphs[start : start + step], "p")
        chunks.append(f'<div class="body-chunk article__body">{chunk}</div>')
        if start + step < len(paragraphs):
            chunks.append(rng.choice([_ad(rng), _read_more(rng), _newsletter(rng)]))
    return (
        f"<header>{_nav(rng, 'nav')}</header><article><h1>{E(title)}</h1>{byline}"
        f"{_share(rng)}{''.join(chunks)}</article>{_related(rng)}{_footer(rng)}"
    )


def _table(rng: random.Random, title: str, paragraphs: list[str], author: str) -> str:
    _, byline = _byline(rng)
    return (
        f'<table width="100%"><tr><td colspan="2">{_nav(rng, "topnav")}</td></tr>'
        f'<tr><td width="20%">{_related(rng)}</td><td><h1>{E(title)}</h1>{byline}'
        f"{_body_html(rng, paragraphs, 'p')}{_share(rng)}</td></tr>"
        f'<tr><td colspan="2">{_footer(rng)}</td></tr></table>'
    )


def _br(rng: random.Random, title: str, paragraphs: list[str], author: str) -> str:
    _, byline = _byline(rng)
    return (
        f"{_nav(rng, 'nav')}<div class='post'><h2 class='post-title'>{E(title)}</h2>{byline}"
        f"<div class='post-body entry-content'>{_body_html(rng, paragraphs, 'br')}</div>"
        f"{_share(rng)}</div>{_comments(rng)}{_related(rng)}{_footer(rng)}"
    )


def _infinite(rng: random.Random, title: str, paragraphs: list[str], author: str) -> str:
    """The next story is loaded under this one in the same markup (infinite scroll)."""
    _, byline = _byline(rng)
    other_title, other = rng.choice(ARTICLES)
    while other_title == title:
        other_title, other = rng.choice(ARTICLES)
    tag = rng.choice(["h1", "h2"])
    next_story = (
        f'<div class="story"><{tag} class="story-title">{E(other_title)}</{tag}>'
        f'{_byline(rng)[1]}<div class="story-body">{_body_html(rng, other, "p")}</div></div>'
    )
    return (
        f"<header>{_nav(rng, 'nav')}</header><main>"
        f'<div class="story"><h1 class="story-title">{E(title)}</h1>{byline}{_share(rng)}'
        f'<div class="story-body">{_body_html(rng, paragraphs, "p")}</div></div>'
        f'<div class="up-next">Up next</div>{next_story}</main>{_footer(rng)}'
    )


_TEMPLATES: list[Callable[[random.Random, str, list[str], str], str]] = [
    _semantic, _divsoup, _chunked, _table, _br, _infinite,
]  # fmt: skip


def synthetic_html_pages(
    seed: int = 20240602,
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(id -> HTML page, id -> true article body, id -> page URL)."""
    rng = random.Random(seed)
    pages: dict[str, str] = {}
    truths: dict[str, str] = {}
    urls: dict[str, str] = {}
    articles = ARTICLES + _seed_articles()
    for n, (title, paragraphs) in enumerate(articles):
        for t, template in enumerate(_TEMPLATES):
            key = f"synthetic-{n:02d}-{template.__name__.strip('_')}"
            url = f"https://www.example-news.com/{rng.choice(_SECTIONS).lower()}/{n}-{t}"
            author = rng.choice(_NAMES)
            body = template(rng, title, paragraphs, author)
            head = _head(rng, title, author, url, paragraphs)
            pages[key] = f"<!DOCTYPE html><html lang='en'>{head}<body>{body}</body></html>"
            truths[key] = "\n\n".join(paragraphs)
            urls[key] = url
    return pages, truths, urls
