"""URL canonicalisation: one document, one URL.

Tracking parameters (``utm_*`` and friends), fragments, default ports and host case are
dropped (courlan, trafilatura's URL library); every other query parameter is kept. A
page's ``<link rel=canonical>`` or ``og:url`` names the document only when it stays on
http(s) and within the fetched URL's own registrable domain (``www.bbc.co.uk`` may name
``bbc.co.uk/news/…``; a page on ``evil.example`` may not name ``bbc.co.uk/…``, or it
would replace that article), or on a domain the user trusts explicitly
(``trust_canonical_from``). A claim that is not trusted is kept as a field of the
article, never as its identity.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection
from urllib.parse import urljoin, urlsplit

from courlan import normalize_url
from tld import get_fld


def canonical_url(url: str) -> str:
    """The canonical form of ``url``; the URL unchanged when it cannot be parsed.

    Tracking parameters go (courlan's list: ``utm_*``, ``fbclid``, ``gclid``, …), every
    other query parameter stays: many sites name their articles by one (``?story=55``,
    ``?articleid=9``), and courlan's strict mode, which keeps a short list only, folded
    such articles into one document. The fragment goes; query parameters are sorted.
    """
    try:
        normalised = str(normalize_url(url, strict=False))
    except (ValueError, AttributeError):
        return url
    return normalised.split("#", 1)[0]


def registrable_domain(url: str) -> str | None:
    """The domain one owner controls (public suffix list, shipped with ``tld``): the host
    itself for an IP address or a name under no public suffix (``localhost``)."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    found = get_fld(host, fix_protocol=True, fail_silently=True)
    return str(found).lower() if found else host


def _within(domain: str, trusted: str) -> bool:
    trusted = trusted.strip().lower().strip(".")
    return bool(trusted) and (domain == trusted or domain.endswith("." + trusted))


def declared_canonical(fetched_url: str, declared: str | None) -> str | None:
    """The page's declared canonical URL, absolute and canonicalised, if it is http(s)."""
    if not declared:
        return None
    try:
        candidate = urljoin(fetched_url, declared.strip())
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return canonical_url(candidate)


def canonical_trusted(
    fetched_url: str, canonical: str, trust_canonical_from: Collection[str] = ()
) -> bool:
    """Whether a page fetched from ``fetched_url`` may name ``canonical`` as itself."""
    own = registrable_domain(fetched_url)
    claimed = registrable_domain(canonical)
    if own is None or claimed is None:
        return False
    return own == claimed or any(_within(claimed, t) for t in trust_canonical_from)


def document_url(
    fetched_url: str, declared: str | None, trust_canonical_from: Collection[str] = ()
) -> str:
    """The identity of a fetched page: its declared canonical URL if usable and trusted,
    else the URL it was fetched from."""
    canonical = declared_canonical(fetched_url, declared)
    if canonical and canonical_trusted(fetched_url, canonical, trust_canonical_from):
        return canonical
    return canonical_url(fetched_url)
