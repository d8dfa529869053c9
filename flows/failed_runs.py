"""Runs that failed whole or were interrupted: they leave nothing in the warehouse (a run
is atomic, and a busy or full warehouse could not take a row anyway), so the command
that ran one notes it in the user's state folder (``NEWSROOM_STATE_DIR``,
``failed-runs.jsonl``), and ``newsroom status`` shows the ones since the warehouse's last
completed run: a scheduled run that failed overnight is seen in the morning.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FILE = "failed-runs.jsonl"
KEPT = 200  # lines kept: the file is rewritten without the oldest beyond this


def _file() -> Path:
    from newsroom.settings import settings

    return settings().state_dir / FILE


def _key(warehouse: Path | str) -> str:
    """A warehouse as the log names it: an absolute path, or a URL as given."""
    text = str(warehouse)
    return text if ":" in text.split("/", 1)[0] else os.path.abspath(text)


def note_failed(warehouse: Path | str, flow: str, outcome: str, reason: str) -> None:
    """Note a run of ``flow`` that ``outcome`` ("failed", "interrupted") with ``reason``.
    Never fails the command: a state folder that cannot be written loses the note only."""
    entry = {
        "warehouse": _key(warehouse),
        "flow": flow,
        "outcome": outcome,
        "reason": reason,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = _file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        lines = [*lines[-(KEPT - 1) :], json.dumps(entry, ensure_ascii=False)]
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def failed_since(warehouse: Path | str, since: datetime | None) -> list[dict[str, Any]]:
    """The noted runs on ``warehouse`` after ``since`` (its last completed run's end; None:
    all), oldest first."""
    path = _file()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    key = _key(warehouse)
    out = []
    for line in lines:
        try:
            entry = json.loads(line)
            at = datetime.fromisoformat(entry["at"])
        except (ValueError, KeyError, TypeError):
            continue
        if entry.get("warehouse") == key and (since is None or at > since):
            out.append(entry)
    return out
