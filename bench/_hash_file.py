"""The file of hashes the ``*_hashes.py`` benches write, and their comparison with an
earlier run's: a speed change proves it left every output as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def write_and_compare(hashes: dict[str, str], out: Path, against: Path | None, unit: str) -> None:
    """Write ``hashes`` (item -> hash) to ``out``, print one hash over all of them and,
    given an earlier run's file, how many items differ and which; exits 1 when any do."""
    out.write_text(json.dumps(hashes, indent=0, sort_keys=True))
    total = hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()[:16]
    print(f"{len(hashes)} {unit}, hash of all: {total}")
    if against is None:
        return
    before: dict[str, str] = json.loads(against.read_text())
    differ = sorted(key for key, value in hashes.items() if before.get(key) != value)
    print(f"against {against}: {len(differ)} of {len(hashes)} {unit} differ")
    for key in differ[:50]:
        print(f"  {key}")
    if differ:
        raise SystemExit(1)
