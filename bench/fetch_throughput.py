"""Benchmark: fetch throughput from 20 local hosts, and proof that the limits held.

Twenty HTTP servers listen on 127.0.0.2 … 127.0.0.21 (all loopback; nothing leaves the
machine), each serving article pages with a small simulated latency and a robots.txt.
The fetcher takes 1,000 URLs spread across them, first with its default politeness
(2 requests at once per host, 1 s between request starts on a host — which would take
minutes, so a shorter delay is used and printed) and then with the per-host limits off.
Printed: pages/s, the largest number of requests in flight on any host and overall, and
the smallest gap between two request starts on one host.

    .venv/bin/python bench/fetch_throughput.py [--pages 1000] [--hosts 20] [--delay 0.05]
"""

from __future__ import annotations

import argparse
import itertools
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsroom.records import Rejection
from newsroom.sources.http import Fetcher, FetchSettings

PAGE = (
    "<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>"
    + "<p>The council met on Tuesday to discuss the harbour bridge and its repairs.</p>" * 20
    + "</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    latency = 0.02

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
            kind = "text/plain"
        else:
            time.sleep(self.latency)
            body = PAGE.format(n=self.path).encode()
            kind = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def run(urls: list[str], settings: FetchSettings) -> tuple[float, Fetcher, int]:
    fetcher = Fetcher(settings)
    started = time.perf_counter()
    results = fetcher.fetch_all(urls)
    seconds = time.perf_counter() - started
    failed = sum(isinstance(r, Rejection) for r in results)
    return seconds, fetcher, failed


def report(name: str, urls: list[str], settings: FetchSettings) -> None:
    seconds, fetcher, failed = run(urls, settings)
    stats = fetcher.stats
    gaps = [
        b - a
        for starts in stats.starts_per_host.values()
        for a, b in itertools.pairwise(sorted(starts))
    ]
    print(
        f"{name:<34}{len(urls) / seconds:>9.1f}{seconds:>9.2f}{failed:>7}"
        f"{max(stats.max_in_flight_per_host.values()):>10}{stats.max_in_flight:>10}"
        f"{min(gaps) * 1000:>12.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds between starts per host")
    parser.add_argument("--latency", type=float, default=0.02, help="server think time per page")
    args = parser.parse_args()
    Handler.latency = args.latency

    servers = []
    for i in range(args.hosts):
        server = ThreadingHTTPServer((f"127.0.0.{i + 2}", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    bases = [f"http://127.0.0.{i + 2}:{s.server_address[1]}" for i, s in enumerate(servers)]
    urls = [f"{bases[n % len(bases)]}/page/{n}" for n in range(args.pages)]
    try:
        print(
            f"{args.pages} pages across {args.hosts} loopback hosts, "
            f"{args.latency * 1000:.0f} ms server latency per page"
        )
        print(
            f"{'setting':<34}{'pages/s':>9}{'seconds':>9}{'failed':>7}"
            f"{'max/host':>10}{'max all':>10}{'min gap ms':>12}"
        )
        polite = FetchSettings(allow_private=True, per_host=2, host_delay=args.delay)
        report(f"per host 2, {args.delay * 1000:.0f} ms apart, 16 total", urls, polite)
        loose = FetchSettings(allow_private=True, per_host=1000, host_delay=0.0, max_connections=64)
        report("per-host limits off, 64 total", urls, loose)
        print(
            "The limits held when max/host <= 2 and min gap >= the delay "
            f"({args.delay * 1000:.0f} ms) in the first row."
        )
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
