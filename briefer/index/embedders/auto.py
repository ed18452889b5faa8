"""Which embedder backend ``embed_backend = "auto"`` means for one index.

An index keeps the backend that embedded it (``embedder.json`` in the index folder): queries must be
embedded the way its chunks were. A new index takes the best backend this machine offers, ranked by
each backend's probe (registered beside it; probes import nothing heavy): the int8 ONNX export when
onnxruntime is installed (faster than PyTorch even with bf16, and no torch import at start), else
PyTorch (bf16 where the CPU has it). An index built before the record existed was embedded by PyTorch.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from pathlib import Path

from briefer.config import Settings
from briefer.core.files import write_json_atomic

AUTO = "auto"
RECORD = "embedder.json"
LEGACY = "sentence-transformers"  # what built indexes that have no record


def torch_rank() -> float:
    """PyTorch is always there (fp32, or bf16 autocast where the CPU has native bf16): the fallback."""
    return 1.0


def onnx_rank() -> float | None:
    """ONNX Runtime int8 when it can run here: measured 3.8x fp32 and 1.3x bf16 PyTorch on this project's
    2-core EPYC (which has bf16), and it starts without importing torch (benchmarks/bench_embedders.py)."""
    if importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("onnx") is None:
        return None
    return 2.0


def recorded(folder: Path | None) -> str | None:
    """The backend that embedded the index in ``folder``, if it says."""
    try:
        return str(json.loads((Path(folder) / RECORD).read_text())["backend"]) if folder else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def choose_backend(settings: Settings, folder: Path | None = None, *, built: bool = False) -> str:
    """The backend to use: the one named, else the index's own, else this machine's best for a new one."""
    return backend_and_reason(settings, folder, built=built)[0]


def backend_and_reason(settings: Settings, folder: Path | None = None, *, built: bool = False) -> tuple[str, str]:
    """``choose_backend``'s answer and why (for ``briefer config``)."""
    from briefer.index.embedders import EMBEDDERS

    name = settings.embedding.embed_backend
    if name != AUTO:
        return name, "named"
    if own := recorded(folder):
        return own, f"recorded in {RECORD}"
    if built:
        return LEGACY, "built before backends were recorded"
    ranks = [
        (rank, entry.name) for entry in EMBEDDERS.entries() if entry.auto and (rank := _rank(entry.auto)) is not None
    ]
    return (max(ranks)[1] if ranks else LEGACY), "the choice for a new index here"


def _rank(probe: str) -> float | None:
    module, _, attribute = probe.partition(":")
    return getattr(importlib.import_module(module), attribute)()


def record(folder: Path, backend: str, model: str) -> None:
    """Write which backend embedded the index (atomically; a no-op when it already says so)."""
    if recorded(folder) != backend:
        write_json_atomic(Path(folder) / RECORD, {"backend": backend, "model": model})
