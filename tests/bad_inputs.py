"""A folder of every kind of bad input the pipeline must survive, with the expected outcome."""

from __future__ import annotations

import os
from pathlib import Path

GOOD = (
    "Storm closes the harbour for a second day\n\n"
    "The harbour authority kept the port closed on Tuesday as winds of more than 100 km/h "
    "battered the coast, stranding dozens of fishing boats and two ferries.\n\n"
    "Officials said they expected to reopen the port on Wednesday morning if the forecast "
    "held, but warned that the clean-up of the quays could take the rest of the week.\n"
)

BOILERPLATE_ONLY = (
    "Home\nNews\nSport\nWeather\n\n"
    "We use cookies to improve your experience. Accept all cookies\n\n"
    "Share this:\nFacebook\nTwitter\n\n"
    "© 2024 Example Media Group. All rights reserved.\n"
)

# name → (stage, error); None means the file loads as an article.
EXPECTED: dict[str, tuple[str, str] | None] = {
    "good.txt": None,
    "empty.txt": ("read", "empty_file"),
    "image.txt": ("decode", "binary_file"),
    "document.txt": ("decode", "binary_file"),
    "nul.txt": ("decode", "binary_file"),
    "huge.txt": ("read", "too_large"),
    "loop.txt": ("read", "symlink_loop"),
    "boilerplate.txt": ("normalise", "no_article_text"),
    "missing.txt": ("discover", "missing"),
}
MAX_BYTES = 64 * 1024


def make_bad_inputs(root: Path) -> list[str]:
    """Write the folder; return the paths to pass to an ingest (the folder and a missing file)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512))
    (root / "document.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + os.urandom(512))
    (root / "nul.txt").write_bytes(b"\x00" * 1000)
    (root / "huge.txt").write_text("word " * (MAX_BYTES // 4), encoding="utf-8")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "boilerplate.txt").write_text(BOILERPLATE_ONLY, encoding="utf-8")
    return [str(root), str(root / "missing.txt")]
