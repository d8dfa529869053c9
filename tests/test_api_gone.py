"""A Prefect server that stops while a run goes on: the command says so once, and whether
the run loaded, by the warehouse's record (a trial's crawl loaded 1,842 pages, then its
server was stopped: the command exited 1 with four tracebacks and no summary)."""

from __future__ import annotations

import contextlib
import select
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from commands import newsroom as run_newsroom
from readback import query


class CuttingProxy:
    """Forwards connections to the test API on loopback until a request's bytes hold
    ``cut_at``; then it stops listening and drops every connection, as a stopped server
    does (the request that met it gets no answer)."""

    def __init__(self, target: tuple[str, int], cut_at: bytes) -> None:
        self.target, self.cut_at = target, cut_at
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = threading.Event()
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.cut.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, client: socket.socket, upstream: socket.socket) -> None:
        pair = {client: upstream, upstream: client}
        try:
            while not self.cut.is_set():
                ready, _, _ = select.select(list(pair), [], [], 0.2)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is client and self.cut_at in data:
                        self.stop()
                        return
                    pair[sock].sendall(data)
        except OSError:
            return
        finally:
            for sock in pair:
                sock.close()

    def stop(self) -> None:
        self.cut.set()
        self.listener.close()
        for sock in self.open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@pytest.fixture
def proxy(prefect_api: None) -> Iterator[CuttingProxy]:
    from prefect.settings import PREFECT_API_URL

    api = urlsplit(str(PREFECT_API_URL.value()))
    # the run's summary is published as an artifact once the run has loaded
    cutting = CuttingProxy((api.hostname or "127.0.0.1", api.port or 80), b"/artifacts/")
    yield cutting
    cutting.stop()


def newsroom(api: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # (no retries of a request that failed: the client's backoff would only add minutes)
    return run_newsroom(
        *args, cwd=cwd, env={"PREFECT_API_URL": api, "PREFECT_CLIENT_MAX_RETRIES": "0"}
    )


def test_a_server_that_stops_after_the_load_leaves_a_loaded_run_said_so(
    seeds: Path, tmp_path: Path, proxy: CuttingProxy
) -> None:
    api = f"http://127.0.0.1:{proxy.port}/api"
    done = newsroom(api, "ingest", str(seeds), "-w", "w.duckdb", cwd=tmp_path)
    assert proxy.cut.is_set()  # the server went away during the run
    said = done.stderr
    assert done.returncode == 0, said  # the run loaded: it ends as it would have
    assert "the Prefect API stopped answering during the run" in said, said
    assert "after it had loaded" in said and "new 5" in said, said
    # once, and not as the command's own traceback (Prefect's background services still
    # print theirs as they lose the server)
    assert said.count("stopped answering") == 1 and "╭" not in said, said
    assert query(tmp_path / "w.duckdb", "SELECT count(*) FROM articles")[0][0] == 5
