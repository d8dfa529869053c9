"""URL canonicalisation: one document, one URL.

Tracking parameters (``utm_*`` and friends), fragments, default ports and host case are
dropped by courlan (trafilatura's URL library); ``<link rel=canonical>`` and ``og:url``
found in a page take precedence over the URL it was fetched from, when they stay on
http(s).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from courlan import normalize_url


def canonical_url(url: str) -> str:
    """The canonical form of ``url``; the URL unchanged when it cannot be parsed."""
    try:
        return str(normalize_url(url, strict=True))
    except (ValueError, AttributeError):
        return url


def document_url(fetched_url: str, declared: str | None) -> str:
    """The identity of a fetched page: its declared canonical URL if usable, else its own."""
    if declared:
        candidate = urljoin(fetched_url, declared.strip())
        if urlsplit(candidate).scheme in ("http", "https") and urlsplit(candidate).netloc:
            return canonical_url(candidate)
    return canonical_url(fetched_url)
