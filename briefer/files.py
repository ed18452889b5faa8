"""Small file helpers shared by the commands that write documents."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefer.errors import ConfigError


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temp file in the same folder and a rename: readers see
    the old file or the new one, never half of one."""
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
        raise ConfigError(f"cannot write {path} ({exc.strerror}); choose another -o path") from None
