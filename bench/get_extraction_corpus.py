"""Build the extraction development corpus from local mirrors of public benchmarks.

Benches never use the network, so this script only copies: it reads git mirrors of four
public repositories (fetched beforehand, e.g. ``git clone --bare https://github.com/OWNER/NAME
MIRRORS/OWNER+NAME/repo``) and writes one folder, ``NEWSROOM_EXTRACTION_DIR`` (default
``~/.cache/newsroom-bench/extraction``), read by ``_extraction_corpus.py``:

    DIR/<dataset>/<id>.html       the page, decoded to UTF-8 as newsroom decodes bytes
    DIR/<dataset>/<id>.gold.txt   the true main text
    DIR/<dataset>/titles.json     id -> true title, or null (then og:title, else h1, else none)
    DIR/MANIFEST.json             sources, their commits, page counts

Datasets and where their truth comes from:

cleaneval        ``j-szulc/html-cleaning-dataset-merged`` cleaneval-dev + cleaneval-final:
                 the annotators' text with its ``<p>``/``<h>``/``<l>`` marks and URL line removed
cleanportaleval  the same repository, CleanPortalEval-master (same format as CleanEval)
dragnet          pages from ``j-szulc/...`` dragnet_data/input, truth from
                 ``seomoz/dragnet_data`` Corrected/: the article only, the text after the
                 ``!@#$%^&*()  COMMENTS`` separator (reader comments) left out
l3s-gn1          ``geodrome/page-signal``: the original page; truth is the text the assessors
                 labelled "fulltext" (x-nc-sel2) in the annotated copy, the title what they
                 labelled "headline" (x-nc-sel1)
readability      ``mozilla/readability`` test/test-pages: source.html, the text of
                 expected.html, the title in expected-metadata.json

The licences of these corpora do not all allow redistribution (Dragnet's data is AGPLv3,
L3S-GN1 research use only), so the folder stays out of git.

    .venv/bin/python bench/get_extraction_corpus.py [--mirrors /work/.mirror] [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _extraction_corpus import corpus_dir
from newsroom.decoding import Decoded, decode_bytes

MERGED = "j-szulc/html-cleaning-dataset-merged"
DRAGNET = "seomoz/dragnet_data"
PAGE_SIGNAL = "geodrome/page-signal"
READABILITY = "mozilla/readability"
L3S = "L3S-GN1-20100130203947-00001"

_MARK = re.compile(r"<\s*/?\s*[phl]\s*>", re.IGNORECASE)
_COMMENTS = re.compile(r"^!+@#\$%\^&\*\(\)", re.MULTILINE)
_TEXT_WRAPPER = re.compile(rb"^\s*<text\b[^>]*>", re.IGNORECASE)
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td",
    "th", "pre", "blockquote", "section", "article", "br", "dd", "dt", "figcaption",
}  # fmt: skip


class Mirror:
    """A git mirror of one repository, read with git itself (bare or not)."""

    def __init__(self, root: Path, repo: str) -> None:
        owner, name = repo.split("/")
        for candidate in (root / f"{owner}+{name}" / "repo", root / f"{owner}+{name}", root / name):
            if candidate.exists():
                self.path = candidate
                break
        else:
            raise SystemExit(f"no mirror of {repo} under {root} (fetch it first, see --help)")
        self.repo = repo
        self.commit = self._git("rev-parse", "HEAD").decode().strip()

    def _git(self, *args: str) -> bytes:
        return subprocess.run(
            ["git", "-C", str(self.path), *args], check=True, capture_output=True
        ).stdout

    def files(self, folder: str) -> list[str]:
        out = self._git("ls-tree", "-r", "--name-only", "HEAD", "--", folder).decode()
        return [p for p in out.splitlines() if not p.endswith(".DS_Store")]

    def read(self, path: str) -> bytes:
        return self._git("show", f"HEAD:{path}")


def decoded(data: bytes) -> str:
    result = decode_bytes(data)
    if isinstance(result, Decoded):
        return result.text
    return data.decode("utf-8", errors="replace")


def block_text(html: str) -> str:
    """The visible text of an HTML fragment, one line per block element."""
    root = lxml.html.fromstring(html)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCK:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def cleaneval_gold(raw: bytes) -> str:
    text = decoded(raw)
    lines = text.splitlines()
    while lines and (not lines[0].strip() or lines[0].startswith("URL:")):
        lines.pop(0)
    body = _MARK.sub("\n", "\n".join(lines))
    return "\n".join(" ".join(ln.split()) for ln in body.splitlines() if ln.strip())


def unwrapped_page(raw: bytes) -> str:
    """The page without CleanEval's ``<text id=... title=...>`` wrapper."""
    raw = _TEXT_WRAPPER.sub(b"", raw, count=1)
    raw = re.sub(rb"</text>\s*$", b"", raw)
    return decoded(raw)


def from_merged(merged: Mirror, folder: str) -> Iterator[tuple[str, str, str, str | None]]:
    golds = {Path(p).stem: p for p in merged.files(f"{folder}/GoldStandard")}
    for path in merged.files(f"{folder}/input"):
        page_id = Path(path).stem
        if page_id in golds:
            gold = cleaneval_gold(merged.read(golds[page_id]))
            yield page_id, unwrapped_page(merged.read(path)), gold, None


def dragnet(merged: Mirror, gold: Mirror) -> Iterator[tuple[str, str, str, str | None]]:
    with tarfile.open(fileobj=io.BytesIO(gold.read("dragnet_Corrected.tar.gz"))) as tar:
        corrected = {
            Path(m.name).name.removesuffix(".html.corrected.txt"): tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile() and m.name.endswith(".corrected.txt")
        }
    for path in merged.files("dragnet_data/input"):
        page_id = Path(path).stem
        if page_id in corrected:
            article = _COMMENTS.split(decoded(corrected[page_id]), maxsplit=1)[0]
            yield page_id, decoded(merged.read(path)), article.strip(), None


def l3s(mirror: Mirror) -> Iterator[tuple[str, str, str, str | None]]:
    for path in mirror.files(f"{L3S}/original"):
        page_id = Path(path).stem
        annotated = decoded(mirror.read(f"{L3S}/annotated/{page_id}.html"))
        root = lxml.html.fromstring(annotated)
        body = _labelled_text(root, "x-nc-sel2")
        if body:
            title = _labelled_text(root, "x-nc-sel1") or None
            yield page_id, decoded(mirror.read(path)), body, title


def _labelled_text(root: lxml.html.HtmlElement, label: str) -> str:
    """Text of the spans with *label*, spans in one block joined by a space."""
    lines: list[list[str]] = []
    last_block = None
    for span in root.xpath(f'//span[@class="{label}"]'):
        block = next(
            (a for a in span.iterancestors() if isinstance(a.tag, str) and a.tag in _BLOCK), None
        )
        text = " ".join(span.text_content().split())
        if not text:
            continue
        if lines and block is last_block:
            lines[-1].append(text)
        else:
            lines.append([text])
        last_block = block
    return "\n".join(" ".join(parts) for parts in lines)


def readability(mirror: Mirror) -> Iterator[tuple[str, str, str, str | None]]:
    base = "test/test-pages"
    names = sorted({p.split("/")[2] for p in mirror.files(base)})
    for name in names:
        folder = f"{base}/{name}"
        try:
            source = mirror.read(f"{folder}/source.html")
            expected = decoded(mirror.read(f"{folder}/expected.html"))
            meta = json.loads(mirror.read(f"{folder}/expected-metadata.json"))
        except subprocess.CalledProcessError:
            continue
        body = block_text(expected)
        if body:
            yield name, decoded(source), body, meta.get("title") or None


def write_dataset(out: Path, name: str, pages: Iterator[tuple[str, str, str, str | None]]) -> int:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    titles: dict[str, str | None] = {}
    for page_id, html, gold, title in pages:
        if not gold.strip():
            continue
        (folder / f"{page_id}.html").write_text(html, encoding="utf-8")
        (folder / f"{page_id}.gold.txt").write_text(gold, encoding="utf-8")
        titles[page_id] = title
    (folder / "titles.json").write_text(json.dumps(titles, indent=0, sort_keys=True))
    return len(titles)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=corpus_dir())
    args = ap.parse_args()
    merged = Mirror(args.mirrors, MERGED)
    mirrors = {r: Mirror(args.mirrors, r) for r in (DRAGNET, PAGE_SIGNAL, READABILITY)} | {
        MERGED: merged
    }
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    cleaneval = (
        page
        for folder in ("cleaneval-dev", "cleaneval-final")
        for page in (
            (f"{folder.split('-')[1]}-{pid}", html, gold, title)
            for pid, html, gold, title in from_merged(merged, folder)
        )
    )
    counts = {
        "cleaneval": write_dataset(args.out, "cleaneval", cleaneval),
        "cleanportaleval": write_dataset(
            args.out, "cleanportaleval", from_merged(merged, "CleanPortalEval-master")
        ),
        "dragnet": write_dataset(args.out, "dragnet", dragnet(merged, mirrors[DRAGNET])),
        "l3s-gn1": write_dataset(args.out, "l3s-gn1", l3s(mirrors[PAGE_SIGNAL])),
        "readability": write_dataset(args.out, "readability", readability(mirrors[READABILITY])),
    }
    manifest = {"sources": {r: m.commit for r, m in mirrors.items()}, "pages": counts}
    (args.out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2))
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
