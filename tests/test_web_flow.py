"""The ingest-urls and reprocess flows against a real local server and a real Prefect API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.artifacts import Artifact

from flows.ingest_urls import ingest_urls
from flows.reprocess import reprocess
from http_server import BENCH, MALFORMED_URLS, State, serve
from newsroom.errors import EveryDocumentFailed
from readback import query

pytestmark = pytest.mark.usefixtures("prefect_api")

FAULTS = {
    "/error500": ("fetch", "http_status"),
    "/loop-a": ("fetch", "redirect_loop"),
    "/huge": ("fetch", "too_large"),
    "/bomb": ("fetch", "too_large"),
    "/image.png": ("fetch", "unsupported_content_type"),
    "/private/page": ("fetch", "robots_disallowed"),
}


@pytest.fixture
def server() -> Iterator[tuple[str, State]]:
    with serve() as running:
        yield running


def test_pages_faults_feeds_and_sitemaps_in_one_run(
    server: tuple[str, State], tmp_path: Path, warehouse_path: Path
) -> None:
    base, state = server
    ids = sorted(json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8")))[:6]
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(
        "\n".join(
            [f"{base}/bench/{i}" for i in ids]
            + [base + path for path in FAULTS]
            + [base + "/flaky", base + "/ratelimited", base + "/cp1251", base + "/etag"]
            + [base + "/moved", base + "/story/moved-here?utm_campaign=x"]  # one document
        ),
        encoding="utf-8",
    )
    summary = ingest_urls(
        urls_file=str(urls_file),
        feeds=[base + "/feed.rss"],
        sitemaps=[base + "/sitemap-index.xml"],
        warehouse=str(warehouse_path),
        allow_private=True,
        host_delay=0.0,
        max_bytes=1024 * 1024,
    )
    errors = {
        str(uri).removeprefix(base): (stage, error)
        for uri, stage, error in query(
            warehouse_path, "SELECT source_uri, stage, error FROM ingest_errors"
        )
    }
    assert errors == FAULTS
    uris = [str(r[0]) for r in query(warehouse_path, "SELECT source_uri FROM articles")]
    local = {u.removeprefix(base) for u in uris if u.startswith(base)}
    expected = {"/flaky", "/ratelimited", "/cp1251", "/etag", "/story/moved-here"}
    expected |= {f"/story/rss-{i}" for i in range(3)}
    expected |= {"/story/sm-0", "/story/sm-1", "/story/news-0"}
    # The benchmark pages declare canonical URLs on the real sites, another registrable
    # domain than the one they were fetched from: a claim kept, never their identity.
    bench = {f"/bench/{i}" for i in ids}
    assert local == expected | bench
    claims = query(
        warehouse_path,
        "SELECT method, count(*) FROM article_fields WHERE field = 'canonical_url' GROUP BY 1",
    )
    assert dict(claims).get("html_canonical_untrusted", 0) >= 1
    assert summary.failed == len(FAULTS)
    assert query(warehouse_path, "SELECT DISTINCT source_kind FROM articles") == [("url",)]
    # robots.txt read once for the feed, the sitemaps and the pages of the host (a trial
    # saw it read twice a run: once for the feeds, once for the pages)
    assert state.hits["/robots.txt"] == 1

    # The windows-1251 page declared only in a meta tag decoded right.
    [(title, body)] = query(
        warehouse_path, f"SELECT title, body FROM articles WHERE source_uri = '{base}/cp1251'"
    )
    assert "Городской совет" in str(title) + str(body)
    # Metadata from the page's meta tags.
    [(authors, site, published)] = query(
        warehouse_path,
        f"SELECT authors, site_name, published_at FROM articles WHERE source_uri = '{base}/etag'",
    )
    assert authors == ["Jane Whitfield"] and site == "The Daily Test" and published is not None
    # Every response is archived, compressed, with its status and headers.
    assert query(
        warehouse_path, "SELECT count(*) > 0, bool_and(body_size > 0) FROM http_responses"
    ) == [(True, True)]
    # The same story under many URLs is one story with many copies.
    [(copies,)] = query(warehouse_path, "SELECT max(copies) FROM stories")
    assert int(str(copies)) > 5

    # Again: nothing changed, the ETag page costs a 304, no new rows.
    hits_before = state.hits["/etag"]
    again = ingest_urls(
        urls_file=str(urls_file),
        warehouse=str(warehouse_path),
        allow_private=True,
        host_delay=0.0,
        max_bytes=1024 * 1024,
    )
    assert (again.new, again.changed) == (0, 0)
    assert state.hits["/etag"] == hits_before + 1
    assert query(
        warehouse_path, "SELECT count(*) FROM article_versions WHERE source_kind = 'url'"
    ) == [(len(uris),)]
    [(status,)] = query(
        warehouse_path, f"SELECT last_status FROM url_state WHERE url = '{base}/etag'"
    )
    assert status == 304

    # A page whose text changed is a new revision; the old one stays queryable.
    state.etag_version = "v2"
    third = ingest_urls(urls=[base + "/etag"], warehouse=str(warehouse_path), allow_private=True)
    assert third.changed == 1
    assert query(
        warehouse_path,
        f"SELECT count(*) FROM article_versions WHERE source_uri = '{base}/etag'",
    ) == [(2,)]
    artifact = Artifact.get("ingest-urls-summary")
    assert artifact is not None and third.run_id in str(artifact.data)

    # Reprocessing re-extracts the archive without fetching: same extractor, nothing new.
    hits = sum(state.hits.values())
    redone = reprocess(warehouse=str(warehouse_path))
    assert sum(state.hits.values()) == hits
    assert (redone.new, redone.changed, redone.failed) == (0, 0, 0)
    assert redone.unchanged == redone.seen


def test_an_empty_page_and_a_page_without_an_article_say_which(
    server: tuple[str, State], warehouse_path: Path
) -> None:
    """An HTTP 200 with no body was recorded as 'the file holds only NUL bytes'."""
    base, _ = server
    summary = ingest_urls(
        urls=[base + "/empty200", base + "/no-article", base + "/story/kept"],
        warehouse=str(warehouse_path),
        allow_private=True,
        host_delay=0.0,
    )
    errors = query(warehouse_path, "SELECT source_uri, stage, error, detail FROM ingest_errors")
    empty = "HTTP 200 with an empty body: the server sent no page"
    assert sorted(errors) == [
        (base + "/empty200", "fetch", "empty_body", empty),
        (base + "/no-article", "extract", "no_article_text", "no article text found in the page"),
    ]
    assert (summary.seen, summary.new, summary.failed) == (3, 1, 2)


def test_a_page_that_failed_is_fetched_whole_again_not_counted_unchanged(
    server: tuple[str, State], warehouse_path: Path
) -> None:
    """A 304 for a page that gave no article was counted unchanged, as if it had one."""
    base, _ = server
    url = base + "/no-article-etag"
    for _ in range(2):
        with pytest.raises(EveryDocumentFailed) as failed:  # the flow run ends Failed
            ingest_urls(
                urls=[url], warehouse=str(warehouse_path), allow_private=True, host_delay=0.0
            )
        summary = failed.value.summary
        assert (summary.seen, summary.failed, summary.unchanged) == (1, 1, 0)
    [(status,)] = query(warehouse_path, f"SELECT last_status FROM url_state WHERE url = '{url}'")
    assert status == 200  # asked without its ETag: fetched whole, read again
    assert query(warehouse_path, "SELECT count(*) FROM ingest_errors") == [(2,)]


def test_bad_urls_takeovers_and_cookies_cost_one_row_each(
    server: tuple[str, State], tmp_path: Path, warehouse_path: Path
) -> None:
    """Malformed URLs in a URL file, a feed and a sitemap are error rows, not a failed run;
    a page claiming another outlet's article stays its own document; no cookie is kept."""
    base, _ = server
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(
        "\n".join([*MALFORMED_URLS, "not a url", base + "/takeover", base + "/cookie"]),
        encoding="utf-8",
    )
    victim = "https://www.bbc.co.uk/news/world-1"
    summary = ingest_urls(
        urls_file=str(urls_file),
        feeds=[base + "/feed-bad.rss"],
        sitemaps=[base + "/sitemap-bad.xml"],
        warehouse=str(warehouse_path),
        allow_private=True,
        host_delay=0.0,
    )
    errors = query(warehouse_path, "SELECT source_uri, stage, error FROM ingest_errors")
    bad = [*MALFORMED_URLS, "not a url"]
    assert sorted(errors) == sorted((u, "fetch", "invalid_url") for u in bad)
    # the line of the file each stands on, and what a URL is when it is not one
    [(detail,)] = query(
        warehouse_path, "SELECT detail FROM ingest_errors WHERE source_uri = 'not a url'"
    )
    assert "not a URL" in detail and "http://" in detail and "line 6 of" in detail
    [(detail,)] = query(
        warehouse_path, "SELECT detail FROM ingest_errors WHERE source_uri = 'http://[::1'"
    )
    assert "line 1 of" in detail
    uris = {str(r[0]) for r in query(warehouse_path, "SELECT source_uri FROM articles")}
    assert uris == {
        base + p for p in ("/takeover", "/cookie", "/story/good-feed", "/story/good-sitemap")
    }
    assert (summary.failed, summary.seen) == (len(bad), len(bad) + 4)
    assert query(
        warehouse_path,
        "SELECT f.value, f.method FROM article_fields f JOIN articles a USING (article_id)"
        f" WHERE a.source_uri = '{base}/takeover' AND f.field = 'canonical_url'",
    ) == [(victim, "html_canonical_untrusted")]
    [(headers,)] = query(
        warehouse_path, f"SELECT headers FROM http_responses WHERE url = '{base}/cookie'"
    )
    assert "s3cr3t-cookie" not in str(headers) and "set-cookie" not in str(headers).lower()


def test_a_scheduled_feed_entry_may_allow_private_addresses(
    server: tuple[str, State], tmp_path: Path, warehouse_path: Path
) -> None:
    """An intranet feed in newsroom.toml: ``allow_private = true`` on its ``[[feeds]]``
    entry reaches the deployment's run; without it the loopback feed is refused. A trial
    found no such key: an intranet feed worked only through prefect.yaml's parameters."""
    from flows.serve import deployments
    from newsroom.config import load_config

    base, _ = server
    config_file = tmp_path / "newsroom.toml"
    config_file.write_text(
        f'warehouse = "{warehouse_path}"\n'
        "[[feeds]]\n"
        'name = "intranet"\n'
        f'feeds = ["{base}/feed.rss"]\n'
        'interval = "1h"\n'
        "host_delay = 0\n"
        "allow_private = true\n"
        "[[feeds]]\n"
        'name = "public"\n'
        f'feeds = ["{base}/feed.rss"]\n'
        'interval = "1h"\n'
        "host_delay = 0\n",
        encoding="utf-8",
    )
    intranet, public = deployments(load_config(config_file))
    assert public.parameters is not None and intranet.parameters is not None
    with pytest.raises(EveryDocumentFailed) as failed:
        ingest_urls(**public.parameters)
    assert (failed.value.summary.new, failed.value.summary.failed) == (0, 1)
    assert query(warehouse_path, "SELECT error FROM ingest_errors") == [("blocked_address",)]
    summary = ingest_urls(**intranet.parameters)
    assert (summary.new, summary.failed) == (3, 0)
    uris = {str(r[0]) for r in query(warehouse_path, "SELECT source_uri FROM articles")}
    assert uris == {f"{base}/story/rss-{i}" for i in range(3)}


def test_a_source_that_answered_again_is_not_failing(
    server: tuple[str, State], tmp_path: Path, warehouse_path: Path
) -> None:
    """A trial's ``newsroom errors --failing`` kept listing a feed and a page that had
    answered 200 or 304 since their error, until a new version was loaded; and its
    ``--csv`` left the run_id column empty."""
    import csv
    import io
    import os
    import subprocess
    import sys

    base, state = server
    feed, page = base + "/switch/feed.rss", base + "/switch/page"

    def run() -> str:
        state = ingest_urls(
            feeds=[feed],
            warehouse=str(warehouse_path),
            allow_private=True,
            host_delay=0.0,
            return_state=True,
        )
        try:
            return str(state.result().run_id)
        except EveryDocumentFailed as exc:  # a run whose one source failed ends Failed
            return exc.summary.run_id

    def failing() -> list[dict[str, str]]:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsroom",
                "errors",
                "--failing",
                "--csv",
                "--warehouse",
                str(warehouse_path),
            ],
            cwd=tmp_path,
            env={**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"},
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert done.returncode == 0, done.stderr
        return list(csv.DictReader(io.StringIO(done.stdout)))

    run()  # the page loads
    state.down = {"/switch/feed.rss"}
    down_feed = run()  # the feed refuses: its page is not asked for
    rows = failing()
    assert [(r["source"], r["run_id"], r["stage"], r["error"]) for r in rows] == [
        (feed, down_feed, "discover", "http_status")
    ]
    state.down = {"/switch/page"}
    down_page = run()  # the feed answers 200 again, the page refuses
    assert [(r["source"], r["run_id"]) for r in failing()] == [(page, down_page)]
    state.down = set()
    run()  # the feed answers 200 again, the page 304: nothing new is loaded
    assert query(warehouse_path, f"SELECT last_status FROM url_state WHERE url = '{page}'") == [
        (304,)
    ]
    assert failing() == []
