"""Atomic file writes: every document, history entry, session and transcript briefer writes goes here."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from briefer.core.errors import ConfigError


def write_atomic(path: Path, text: str, *, fix: str = "choose another -o path") -> None:
    """Write ``text`` to ``path`` through a temp file in the same folder and a rename: readers see
    the old file or the new one, never half of one. A failure is one ConfigError ending with ``fix``."""
    path = Path(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise ConfigError(f"cannot write {path} ({exc.strerror}); {fix}") from None


def write_json_atomic(
    path: Path, data: Any, *, indent: int | None = None, fix: str = "check the folder's permissions"
) -> None:
    """``data`` as UTF-8 JSON, written atomically (the folder is created if needed)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create {path.parent} ({exc.strerror}); {fix}") from None
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=indent), fix=fix)
