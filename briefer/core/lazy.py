"""Heavy imports made lighter where briefer uses only part of a library."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

_BRIDGES = ("sklearn", "dask")  # what lightgbm imports, when installed, for APIs briefer never calls


def lightgbm() -> ModuleType:
    """lightgbm without its scikit-learn and dask bridges (importing scikit-learn costs most of a
    second of every command's start): briefer only loads boosters and predicts. A process that
    imported lightgbm before (a training script) keeps its full module."""
    if "lightgbm" in sys.modules:
        return sys.modules["lightgbm"]
    blocked = [m for m in _BRIDGES if m not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import sklearn` fail fast
    try:
        return importlib.import_module("lightgbm")
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
