"""Build the per-language extraction corpus from local mirrors of public repositories.

Benches never use the network, so this script only copies: it reads git mirrors fetched
beforehand (``git clone --bare https://github.com/OWNER/NAME MIRRORS/OWNER+NAME/repo``)
and the extraction corpus (``get_extraction_corpus.py``), and writes one folder,
``NEWSROOM_LANGUAGES_DIR`` (default ``~/.cache/newsroom-bench/languages``), read by
``_language_corpus.py``:

    DIR/pages/<id>.html       the page, decoded to UTF-8
    DIR/pages/<id>.gold.txt   its true article text, one paragraph a line
    DIR/MANIFEST.json         sources and their commits, and per page: source, site,
                              language, part, title, url

Sources, and where their truth comes from:

fundus         ``flairNLP/fundus`` (MIT) tests/resources/parser/test_data: a news page of
               each publisher the library parses (de, en, ja, es, fr, it, ko, ru, uk, zh,
               tr, pt, ar, he, id, …) beside the article its hand-written, tested parser
               reads from it (summary, section headlines, paragraphs; the title), one
               page per parser version. Pages the
               repository held earlier and replaced are read at the commit before they
               went, each with the truth of that commit, so a publisher can give several.
htmltotext     ``leogao2/htmltotext-benchmark`` benchmarkdata/<lang>: pages transcribed
               by hand (de, hr, zh; its English pages are left out, the extraction
               corpus has plenty), in the language its folder names
extraction     the extraction corpus's pages whose true text is not in English (mostly
               ``mozilla/readability`` test pages), in the part they already have there

A page whose source (all its text, scripts included) holds less than half of its true
text is left out after the split: its truth was not taken from this copy of the page.

A page's language is the one py3langid reads in its true text (not its publisher's
country, nor its ``lang`` attribute). The split keeps a site's pages together: within a
language, sites in the order of ``sha256("newsroom-language-split/<site>")`` go to
``develop`` and ``report`` in turn, so every language with two sites has both parts;
a language with one site alternates its pages the same way; extraction-corpus pages
keep theirs (``dev`` -> develop, ``untouched`` -> report). Develop
on ``develop``; ``report`` is for reported figures only, never read case by case.

The news pages belong to their publishers: the folder stays out of git.

    .venv/bin/python bench/get_language_corpus.py [--mirrors /work/.mirror] [--out DIR]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html as html_entities
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _extraction_corpus import load_pages, part_of
from _language_corpus import PARTS, corpus_dir, held_share
from get_extraction_corpus import Mirror, decoded
from newsroom.metadata import detect_language

FUNDUS = "flairNLP/fundus"
HTMLTOTEXT = "leogao2/htmltotext-benchmark"
FUNDUS_DATA = "tests/resources/parser/test_data"
# A page's language must be read this surely from its true text: on unsure readings
# (English blog posts read as Nigerian Pidgin at 0.5) the page is left out. Latin is
# the lorem ipsum of readability's synthetic test pages.
_SURE = 0.9
# A page whose source holds less than this share of its true text (in any of its text,
# scripts included) is left out: its truth was not taken from this copy of the page (a
# saved shell whose content a script fetched later, say).
_SOURCE_HOLDS = 0.5
_TAG = re.compile(r"<[^>]*>")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


class Found(NamedTuple):
    id: str
    source: str
    site: str
    html: str
    gold: str
    title: str | None
    url: str | None
    part: str | None  # None: assigned by site below
    language: str | None = None  # the source's own label, else read from the true text


def _git(mirror: Mirror, *args: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(mirror.path), *args], check=True, capture_output=True
    ).stdout


def _fundus_versions(mirror: Mirror) -> Iterator[tuple[str, str]]:
    """(commit, html path): every test page now in the repository at HEAD, and every one
    it deleted, at the commit before the deletion."""
    for path in _git(mirror, "ls-tree", "-r", "--name-only", "HEAD", "--", FUNDUS_DATA).split():
        if path.endswith(b".html.gz"):
            yield "HEAD", path.decode()
    log = _git(mirror, "log", "--format=C %H", "--name-status", "--", FUNDUS_DATA).decode()
    commit = ""
    for line in log.splitlines():
        if line.startswith("C "):
            commit = line[2:]
        elif line.startswith("D\t") and line.endswith(".html.gz"):
            yield f"{commit}^", line[2:]


def _fundus_body(article: dict) -> str:
    body = article.get("body") or {}
    lines = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        lines += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def fundus(mirror: Mirror) -> Iterator[Found]:
    """Each test page with the article the publisher's parser reads from it. A publisher
    with several parser versions has one page each, the versions in order of the pages'
    crawl dates (as the library's own tests pair them); when the numbers differ, which
    truth belongs to which page is not certain and the publisher's pages are left out."""
    seen: set[str] = set()
    for commit, path in _fundus_versions(mirror):
        folder, name = path.rsplit("/", 1)
        publisher = name.split("_")[0]
        if name in seen:
            continue
        seen.add(name)
        listing = _git(mirror, "ls-tree", "--name-only", commit, f"{folder}/").decode().split()
        siblings = sorted(
            p.split("/")[-1] for p in listing if p.split("/")[-1].startswith(publisher + "_")
        )
        try:
            expected = json.loads(_git(mirror, "show", f"{commit}:{folder}/{publisher}.json"))
            meta = json.loads(_git(mirror, "show", f"{commit}:{folder}/meta.info"))
        except (subprocess.CalledProcessError, json.JSONDecodeError):
            continue
        if len(expected) != len(siblings) or name not in siblings:
            continue
        article = list(expected.values())[siblings.index(name)]
        gold = _fundus_body(article)
        html = decoded(gzip.decompress(_git(mirror, "show", f"{commit}:{path}")))
        url = (meta.get(name) or {}).get("url")
        page_id = "fundus-" + name.removesuffix(".html.gz")
        yield Found(page_id, "fundus", publisher, html, gold, article.get("title"), url, None)


def htmltotext(mirror: Mirror) -> Iterator[Found]:
    base = "benchmarkdata"
    for path in mirror.files(base):
        parts = path.split("/")
        if len(parts) != 4 or parts[2] != "html" or parts[1] == "en":
            continue
        stem = parts[3].rsplit(".", 1)[0]
        try:
            gold = decoded(mirror.read(f"{base}/{parts[1]}/text/{stem}.txt"))
        except subprocess.CalledProcessError:
            continue
        html = decoded(mirror.read(path))
        site = stem.split("-")[1] if stem.count("-") >= 1 else stem
        page_id = f"htmltotext-{parts[1]}-{stem}"
        yield Found(page_id, "htmltotext", site, html, gold, None, None, None, parts[1])


def extraction_pages() -> Iterator[Found]:
    """The extraction corpus's pages whose true text is not English, in their own part."""
    for page in load_pages(None):
        if detect_language(page.gold_body, min_probability=_SURE) in (None, "en", "la"):
            continue
        part = "develop" if part_of(page.dataset, page.id) == "dev" else "report"
        yield Found(
            f"extraction-{page.dataset}-{page.id}", page.dataset, f"{page.dataset}/{page.id}",
            page.html, page.gold_body, page.gold_title, None, part,
        )  # fmt: skip


def source_text(html: str) -> str:
    """Every text of the page's source: the tags dropped, the scripts' text kept, HTML
    entities and JSON ``\\uXXXX`` escapes read."""
    text = html_entities.unescape(_TAG.sub(" ", html))
    return _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _split_key(name: str) -> str:
    return hashlib.sha256(f"newsroom-language-split/{name}".encode()).hexdigest()


def _parts(found: list[tuple[Found, str]]) -> dict[str, str]:
    """page id -> part: a language's sites in hash order, alternating parts; a language
    with one site alternates its pages instead (both parts then share a layout)."""
    sites: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for page, language in found:
        if page.part is None:
            sites[language][page.site].append(page.id)
    parts: dict[str, str] = {}
    for by_site in sites.values():
        if len(by_site) > 1:
            units = [by_site[s] for s in sorted(by_site, key=_split_key)]
        else:
            units = [[p] for p in sorted(next(iter(by_site.values())), key=_split_key)]
        for k, ids in enumerate(units):
            parts.update(dict.fromkeys(ids, PARTS[k % 2]))
    return parts


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=corpus_dir())
    args = ap.parse_args()
    mirrors = {r: Mirror(args.mirrors, r) for r in (FUNDUS, HTMLTOTEXT)}
    found: list[tuple[Found, str]] = []
    for page in [*fundus(mirrors[FUNDUS]), *htmltotext(mirrors[HTMLTOTEXT]), *extraction_pages()]:
        language = page.language or detect_language(page.gold, min_probability=_SURE)
        if page.gold.strip() and page.html.strip() and language not in (None, "la"):
            found.append((page, language))
    parts = _parts(found)
    if args.out.exists():
        shutil.rmtree(args.out)
    (args.out / "pages").mkdir(parents=True)
    pages = {}
    not_held: dict[str, int] = defaultdict(int)
    for page, language in found:
        # after the split, so that leaving a page out moves no other page's part
        if held_share(page.gold, source_text(page.html)) < _SOURCE_HOLDS:
            not_held[page.source] += 1
            continue
        (args.out / "pages" / f"{page.id}.html").write_text(page.html, encoding="utf-8")
        (args.out / "pages" / f"{page.id}.gold.txt").write_text(page.gold, encoding="utf-8")
        pages[page.id] = {
            "source": page.source, "site": page.site, "language": language,
            "part": page.part or parts[page.id], "title": page.title,
            "url": page.url,
        }  # fmt: skip
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(PARTS, 0))
    for meta in pages.values():
        counts[meta["language"]][meta["part"]] += 1
    manifest = {
        "sources": {r: m.commit for r, m in mirrors.items()},
        "counts": dict(sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))),
        "pages": pages,
    }
    (args.out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    print(json.dumps({"sources": manifest["sources"], "counts": manifest["counts"]}, indent=1))
    print(f"left out, their true text not in their source: {dict(not_held)}")


if __name__ == "__main__":
    main()
