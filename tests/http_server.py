"""A real HTTP server on 127.0.0.1 (port 0, in a thread) with news pages and fault routes."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import brotli

# Six saved news pages of the article-extraction benchmark's dev split (MIT), kept with
# the tests so that a clean clone serves them: see its README.
BENCH = Path(__file__).resolve().parent / "data" / "article-extraction-dev"

ARTICLE = """<!doctype html><html><head><meta charset="utf-8">
<title>{title} | The Daily Test</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Daily Test">
<meta name="author" content="Jane Whitfield">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
{canonical}
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<aside><h3>Related</h3><ul><li><a href="/x">Another story you may like</a></li></ul></aside>
<footer>© 2024 The Daily Test. All rights reserved.</footer>
</body></html>"""


def article_html(title: str, paragraphs: list[str], canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return ARTICLE.format(title=title, paragraphs=body, canonical=link)


STORY = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from June, "
    "after engineers found corrosion in two of its main supports during an inspection.",
    "Cyclists and pedestrians will still be able to cross while repairs go ahead, the council "
    "said, and a temporary ferry will run every twenty minutes during the morning peak.",
    "Local businesses on the south bank warned that the closure could cost them customers, "
    "and asked the council to speed up the work and to waive parking fees nearby.",
]

CP1251_PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    "<title>Новости</title></head><body><article><h1>Городской совет закрыл мост</h1>"
    "<p>Городской совет во вторник проголосовал за закрытие старого моста для автомобилей "
    "с июня, после того как инженеры обнаружили коррозию в двух главных опорах.</p>"
    "<p>Велосипедисты и пешеходы смогут по-прежнему пересекать мост во время ремонта, "
    "сообщили в совете, а временный паром будет ходить каждые двадцать минут.</p>"
    "</article></body></html>"
)


class State:
    """Per-server counters, so fault routes can fail first and succeed later."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.pages: dict[str, str] = {}
        self.texts: dict[str, tuple[bytes, str]] = {}  # /text/NAME: (body, content type)
        self.etag_version = "v1"
        self.starts: list[tuple[float, str]] = []  # (time.monotonic(), path), server side
        # What /robots.txt answers: (status, body, headers); the default disallows /private/.
        self.robots: tuple[int, bytes, dict[str, str]] | None = None
        # /switch/... paths that answer 999 (a refusal, not retried) while listed here
        self.down: set[str] = set()

    def hit(self, path: str) -> int:
        with self.lock:
            self.hits[path] += 1
            self.starts.append((time.monotonic(), path))
            return self.hits[path]


def _handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def send(
            self,
            status: int,
            body: bytes = b"",
            content_type: str = "text/html; charset=utf-8",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            count = state.hit(path)
            base = f"http://{self.headers['Host']}"
            if path == "/robots.txt" and state.robots is not None:
                status, body, headers = state.robots
                self.send(status, body, "text/plain", headers=headers)
            elif path == "/robots.txt":
                self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == "/redirect":  # /redirect?to=URL
                target = parse_qs(urlsplit(self.path).query).get("to", ["/"])[0]
                self.send(302, headers={"Location": target})
            elif path.startswith("/bench/"):
                page = BENCH / "html" / f"{path.removeprefix('/bench/')}.html.gz"
                self.send(200, gzip.decompress(page.read_bytes()))
            elif path.startswith("/text/"):
                body, content_type = state.texts[path.removeprefix("/text/")]
                self.send(200, body, content_type)
            elif path.startswith("/story/"):
                name = path.removeprefix("/story/")
                html = state.pages.get(name) or article_html(f"Story {name}", STORY)
                self.send(200, html.encode("utf-8"))
            elif path == "/private/page":
                self.send(200, article_html("Secret", STORY).encode())
            elif path == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.write(b"<html><body><p>")
                self.wfile.flush()
                time.sleep(3)
            elif path == "/error500":
                self.send(500, b"boom")
            elif path == "/not-http":  # no HTTP at all: another protocol on the port
                self.wfile.write(b"GARBAGE NOT HTTP\r\n\r\n")
                self.close_connection = True
            elif path == "/dropped-once":  # the connection closed before any answer, once
                if count == 1:
                    self.close_connection = True
                else:
                    self.send(200, article_html("Dropped once", STORY).encode())
            elif path == "/denied999":  # LinkedIn's "request denied": no server error
                self.send(999, b"denied")
            elif path == "/flaky":
                if count == 1:
                    self.send(503, b"try again")
                else:
                    self.send(200, article_html("Flaky but fine", STORY).encode())
            elif path == "/ratelimited":
                if count == 1:
                    self.send(429, b"slow down", headers={"Retry-After": "1"})
                else:
                    self.send(200, article_html("Rate limited once", STORY).encode())
            elif path == "/loop-a":
                self.send(302, headers={"Location": "/loop-b"})
            elif path == "/loop-b":
                self.send(302, headers={"Location": "/loop-a"})
            elif path == "/moved":
                self.send(
                    301, headers={"Location": "/story/moved-here?utm_source=feed&utm_medium=rss"}
                )
            elif path == "/huge":
                self.send(200, b"<html><body>" + b"<p>words words words</p>" * 100_000)
            elif path == "/bomb":
                payload = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
                self.send(200, payload, headers={"Content-Encoding": "gzip"})
            elif path == "/brotli-bomb":
                payload = brotli.compress(b"\0" * (64 * 1024 * 1024), quality=5)
                self.send(200, payload, headers={"Content-Encoding": "br"})
            elif path == "/image.png":
                self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
            elif path == "/document":
                self.send(200, b"%PDF-1.4 ...", "application/pdf")
            elif path == "/cp1251":
                self.send(200, CP1251_PAGE.encode("cp1251"), "text/html")
            elif path == "/etag":
                etag = f'"{state.etag_version}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send(304, headers={"ETag": etag})
                else:
                    html = article_html(f"Etag page {state.etag_version}", STORY)
                    self.send(
                        200,
                        html.encode(),
                        headers={"ETag": etag, "Last-Modified": formatdate(usegmt=True)},
                    )
            elif path.startswith("/switch/") and path in state.down:
                self.send(999, b"denied")
            elif path == "/switch/feed.rss":  # one story, its page below
                item = f"<item><title>Switch</title><link>{base}/switch/page</link></item>"
                rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{item}</channel></rss>'
                self.send(200, rss.encode(), "application/rss+xml", headers={"ETag": '"f1"'})
            elif path == "/switch/page":  # an article with an ETag: a 304 when asked with it
                if self.headers.get("If-None-Match") == '"s1"':
                    self.send(304, headers={"ETag": '"s1"'})
                else:
                    html = article_html("A page that is down for a while", STORY)
                    self.send(200, html.encode(), headers={"ETag": '"s1"'})
            elif path == "/feed.rss":
                items = "".join(
                    f"<item><title>Story {i}</title><link>{base}/story/rss-{i}</link></item>"
                    for i in range(3)
                )
                rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
                self.send(200, rss.encode(), "application/rss+xml")
            elif path == "/feed.atom":
                entries = "".join(
                    f'<entry><title>Story {i}</title><link href="{base}/story/atom-{i}"/><id>{i}</id></entry>'
                    for i in range(2)
                )
                atom = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{entries}</feed>'
                self.send(200, atom.encode(), "application/atom+xml")
            elif path == "/sitemap-index.xml":
                index = (
                    '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{base}/sitemap-1.xml</loc></sitemap>"
                    f"<sitemap><loc>{base}/sitemap-news.xml.gz</loc></sitemap></sitemapindex>"
                )
                self.send(200, index.encode(), "application/xml")
            elif path == "/sitemap-1.xml":
                urls = "".join(f"<url><loc>{base}/story/sm-{i}</loc></url>" for i in range(2))
                body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                self.send(200, body.encode(), "application/xml")
            elif path == "/sitemap-news.xml.gz":
                body = (
                    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                    f"<url><loc>{base}/story/news-0</loc><news:news><news:title>N</news:title></news:news></url>"
                    "</urlset>"
                )
                self.send(200, gzip.compress(body.encode()), "application/x-gzip")
            elif path.startswith("/tree/"):  # a sitemap index of indexes, three levels
                self.send(200, _tree_sitemap(base, path).encode(), "application/xml")
            elif path.startswith("/chain/"):  # each sitemap names the next, and one page
                n = int(path.removeprefix("/chain/").removesuffix(".xml"))
                index = (
                    f"{_INDEX}<sitemap><loc>{base}/chain/{n + 1}.xml</loc></sitemap>"
                    f"<sitemap><loc>{base}/tree/leaf-c{n}.xml</loc></sitemap></sitemapindex>"
                )
                self.send(200, index.encode(), "application/xml")
            elif path == "/feed-bad.rss":
                links = [f"{base}/story/good-feed", *MALFORMED_URLS]
                items = "".join(f"<item><title>x</title><link>{u}</link></item>" for u in links)
                rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
                self.send(200, rss.encode(), "application/rss+xml")
            elif path == "/sitemap-bad.xml":
                locs = [f"{base}/story/good-sitemap", *MALFORMED_URLS]
                urls = "".join(f"<url><loc>{u}</loc></url>" for u in locs)
                self.send(200, f"{_URLSET}{urls}</urlset>".encode(), "application/xml")
            elif path == "/cookie":
                self.send(
                    200,
                    article_html("A page that sets a cookie", STORY).encode(),
                    headers={"Set-Cookie": "session=s3cr3t-cookie; HttpOnly"},
                )
            elif path == "/takeover":  # claims to be another outlet's article
                html = article_html(
                    "Not the BBC", STORY[::-1], canonical="https://www.bbc.co.uk/news/world-1"
                )
                self.send(200, html.encode())
            elif path.startswith("/alias/"):  # one article under several addresses
                html = article_html(
                    "One story, two addresses", STORY, canonical=f"{base}/story/the-canonical"
                )
                self.send(200, html.encode())
            elif path == "/reset":  # the connection drops before any answer
                self.close_connection = True
                self.connection.shutdown(2)
            elif path == "/empty200":
                self.send(200, b"")
            elif path == "/no-article":
                self.send(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
            elif path == "/no-article-etag":  # no article, and a 304 when asked with its ETag
                if self.headers.get("If-None-Match") == '"e1"':
                    self.send(304, headers={"ETag": '"e1"'})
                else:
                    page = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
                    self.send(200, page, headers={"ETag": '"e1"'})
            elif path == "/charset-lie":  # says UTF-8, is windows-1251
                self.send(200, CP1251_PAGE.encode("cp1251"), "text/html; charset=utf-8")
            elif path == "/not-xml.rss":
                self.send(200, b"this is { not xml at all", "application/rss+xml")
            elif path == "/empty.rss":
                empty = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
                self.send(200, empty.encode(), "application/rss+xml")
            elif path in ("/entity-bomb.xml", "/entity-bomb.rss"):
                lol = '<!ENTITY l0 "lol">' + "".join(
                    f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
                )
                bomb = f'<?xml version="1.0"?><!DOCTYPE r [{lol}]><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&l9;</loc></url></urlset>'
                self.send(200, bomb.encode(), "application/xml")
            elif path == "/sitemap-bomb.xml.gz":
                self.send(200, gzip.compress(b" " * (80 * 1024 * 1024), 9), "application/x-gzip")
            elif path == "/bench-index.json":
                ids = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
                self.send(200, json.dumps(sorted(ids)).encode(), "application/json")
            else:
                self.send(404, b"not found")

    return Handler


_INDEX = '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
_URLSET = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'

# URLs no client can send: a bracket left open, ports out of range, a 64-letter label,
# a name that is not IDNA.
MALFORMED_URLS = [
    "http://[::1",
    "http://example.com:99999/a",
    "http://example.com:-1/a",
    "http://" + "a" * 64 + ".example.com/a",
    "http://☃.com/a",
]


def _tree_sitemap(base: str, path: str) -> str:
    """/tree/root.xml names 3 indexes, each names 2 leaf sitemaps of 2 pages each."""
    name = path.removeprefix("/tree/").removesuffix(".xml")
    if name == "root":
        children = [f"{base}/tree/index-{i}.xml" for i in range(3)]
    elif name.startswith("index-"):
        children = [f"{base}/tree/leaf-{name[6:]}{j}.xml" for j in range(2)]
    else:
        pages = "".join(f"<url><loc>{base}/story/{name}-{k}</loc></url>" for k in range(2))
        return f"{_URLSET}{pages}</urlset>"
    return (
        _INDEX + "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children) + "</sitemapindex>"
    )


@contextmanager
def serve(host: str = "127.0.0.1", port: int = 0) -> Iterator[tuple[str, State]]:
    """Start the server (on a free port unless given); yield its base URL and its state."""
    state = State()
    server = ThreadingHTTPServer((host, port), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
