"""One outlet's sitemap: N URLs of ONE host through `newsroom fetch`, default politeness.

Serves N article pages on 127.0.0.1 (a real HTTP server in a thread, each page a few
distinct paragraphs), lists them in a sitemap, and runs the command a user would run:

    newsroom fetch --sitemap http://127.0.0.1:PORT/sitemap.xml --allow-private -w TMP

(`--allow-private` only because the server is on loopback.) Everything else is the
default: 2 requests at once per host, request starts 1 s apart. Prints the wall time
beside the politeness bound ((N - 1) x host delay: no polite client can be faster), the
articles loaded and the error rows, by reason. Every URL must end as an article.

    .venv/bin/python bench/fetch_many.py                 # 2,000 URLs: about 35 minutes
    .venv/bin/python bench/fetch_many.py --urls 200 --host-delay 0.1
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import duckdb

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "council",
    "harbour",
    "bridge",
    "engineers",
    "corrosion",
    "repairs",
    "ferry",
    "cyclists",
    "budget",
    "minister",
    "election",
    "court",
    "ruling",
    "strike",
    "union",
    "hospital",
    "school",
    "river",
    "flood",
    "market",
    "shares",
]


def page(n: int) -> bytes:
    rng = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(60)]
    paragraphs = "".join(
        f"<p>Report {n}, part {k}: the {' '.join(rng[k * 12 : k * 12 + 12])} story went on "
        f"as officials in district {n % 97} said on day {k + n % 28} that more would follow.</p>"
        for k in range(5)
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Story {n}</title></head>"
        f"<body><article><h1>Story number {n}</h1>{paragraphs}</article></body></html>"
    ).encode()


def serve(count: int) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            base = f"http://{self.headers['Host']}"
            if path == "/sitemap.xml":
                locs = "".join(f"<url><loc>{base}/news/{i}</loc></url>" for i in range(count))
                body = (
                    '<?xml version="1.0"?><urlset '
                    f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
                ).encode()
                kind = "application/xml"
            elif path.startswith("/news/"):
                body, kind = page(int(path.removeprefix("/news/"))), "text/html; charset=utf-8"
            elif path == "/robots.txt":
                body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--host-delay", type=float, default=None, help="default: newsroom's")
    args = parser.parse_args()
    server, base = serve(args.urls)
    delay = 1.0 if args.host_delay is None else args.host_delay
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "news.duckdb"
        command = [
            str(ROOT / ".venv" / "bin" / "newsroom"),
            "fetch",
            "--sitemap",
            f"{base}/sitemap.xml",
            "--allow-private",
            "--warehouse",
            str(warehouse),
        ]
        if args.host_delay is not None:
            command += ["--host-delay", str(args.host_delay)]
        print(f"{args.urls:,} URLs of one host; per host: 2 at once, starts {delay:g} s apart")
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, env=os.environ.copy(), check=False)
        wall = time.monotonic() - started
        server.shutdown()
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            [(articles,)] = con.execute("SELECT count(*) FROM articles").fetchall()
            errors = con.execute(
                "SELECT stage, error, count(*) FROM ingest_errors GROUP BY ALL ORDER BY 3 DESC"
            ).fetchall()
        finally:
            con.close()
    bound = (args.urls - 1) * delay
    print(f"exit code            {done.returncode}")
    print(f"articles loaded      {articles:,} of {args.urls:,}")
    print(f"error rows           {sum(n for *_, n in errors):,} {errors}")
    print(f"wall time            {wall:,.0f} s (command, Prefect start-up included)")
    print(f"politeness bound     {bound:,.0f} s ((N - 1) x {delay:g} s); ratio {wall / bound:.2f}")
    return 0 if done.returncode == 0 and articles == args.urls and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
