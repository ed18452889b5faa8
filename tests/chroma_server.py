"""Start and stop a real Chroma server on 127.0.0.1 for tests.

    with ChromaServer(tmp_path) as server:
        store = ChromaStore(url=server.url)

The server runs ``chroma run`` from the same environment as the test interpreter, on a free port,
with its output in ``DIR/chroma-server.log`` (a file, not a pipe, so it can never block). It is
stopped by its own PID on exit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it; we release it at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    """Context manager for a Chroma server storing its data under ``path``; ``.url`` once started."""

    def __init__(self, path: str | os.PathLike, *, startup_timeout: float = 30.0):
        self.path = Path(path)
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.url: str | None = None
        self.proc: subprocess.Popen | None = None
        self.log_path = self.path / "chroma-server.log"
        self._log = None

    def start(self) -> ChromaServer:
        if not CHROMA.exists():
            raise RuntimeError(f"no chroma executable at {CHROMA}")
        data = self.path / "data"
        data.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(self.port)],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=env,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        heartbeat = f"{self.url}/api/v2/heartbeat"
        while True:
            code = self.proc.poll()
            if code is not None:
                raise RuntimeError(f"chroma server exited early with code {code}:\n{self.output()}")
            try:
                with urllib.request.urlopen(heartbeat, timeout=1) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"chroma server at {self.url} not ready after {self.startup_timeout:.0f} s:\n{self.output()}"
                )
            time.sleep(0.1)

    def output(self, limit: int = 4000) -> str:
        if self._log:
            self._log.flush()
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self) -> ChromaServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
