"""A real headless browser for tests: Debian's ``chromium``, driven over the DevTools
protocol (a websocket, the ``websockets`` package), to open a page as a person would and
see what it drew, what it logged and what it asked the network for."""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect

SERIES_JS = """JSON.stringify([...document.querySelectorAll('[data-series]')].map(
  g => [g.dataset.series, g.querySelectorAll('rect, circle, polyline').length]))"""


def chromium() -> str | None:
    """The chromium binary, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Rendered:
    series: list[tuple[str, int]]  # each [data-series] element and its drawn shapes
    problems: list[str] = field(default_factory=list)  # console errors, exceptions
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    screenshot: bytes = b""
    pdf: bytes = b""


class _DevTools:
    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=60))
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            self.events.append(json.loads(self.socket.recv(timeout=deadline - time.monotonic())))


def render(page: Path, width: int = 1280, height: int = 900) -> Rendered:
    """Open ``page`` in headless chromium: the series drawn, the problems logged, the
    requests made, a full-page screenshot and the page printed to PDF."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed")
    profile = Path(tempfile.mkdtemp(prefix="newsroom-chromium-"))
    process = subprocess.Popen(
        [
            binary,
            "--headless=new",
            "--no-sandbox",  # tests may run as root
            "--disable-gpu",
            "--no-first-run",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port = _port(profile)
        targets = httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=30).json()
        target = next(t for t in targets if t["type"] == "page")
        with connect(target["webSocketDebuggerUrl"], max_size=None) as socket:
            return _look(_DevTools(socket), page, width, height)
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)


def _port(profile: Path, timeout: float = 60) -> int:
    """The DevTools port chromium chose (it writes it into the profile when ready)."""
    active = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if active.exists() and (lines := active.read_text().splitlines()):
            return int(lines[0])
        time.sleep(0.1)
    raise RuntimeError("chromium did not open its DevTools port")


def _look(tools: _DevTools, page: Path, width: int, height: int) -> Rendered:
    for domain in ("Page", "Runtime", "Log", "Network"):
        tools.call(f"{domain}.enable")
    tools.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=height,
        deviceScaleFactor=1,
        mobile=False,
    )
    tools.call("Page.navigate", url=page.absolute().as_uri())
    tools.wait_for("Page.loadEventFired")
    found = tools.call("Runtime.evaluate", expression=SERIES_JS, returnByValue=True)
    series = [(str(name), int(n)) for name, n in json.loads(found["result"]["value"])]
    size = tools.call("Page.getLayoutMetrics")["cssContentSize"]
    tools.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=int(size["height"]),
        deviceScaleFactor=1,
        mobile=False,
    )
    shot = tools.call("Page.captureScreenshot", format="png")
    pdf = tools.call("Page.printToPDF", printBackground=True)
    rendered = Rendered(
        series=series,
        screenshot=base64.b64decode(shot["data"]),
        pdf=base64.b64decode(pdf["data"]),
    )
    for event in tools.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning"):
            rendered.problems.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            rendered.problems.append(f"exception: {params.get('exceptionDetails')}")
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            rendered.problems.append(f"log: {params['entry'].get('text')}")
        elif method == "Network.requestWillBeSent":
            rendered.requests.append(params["request"]["url"])
    return rendered
