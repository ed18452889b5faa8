"""Atomic file writes: every document, history entry, session and transcript briefer writes goes here."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from briefer.core.errors import ConfigError

TMP_SUFFIX = ".briefer-tmp"


def write_atomic(path: Path, text: str, *, fix: str = "choose another -o path") -> None:
    """Write ``text`` to ``path`` through a temp file in the same folder and a rename: readers see
    the old file or the new one, never half of one. The file gets the usual permissions (0644 less
    the umask), not a temp file's 0600. Temp files a killed process left beside ``path`` are removed
    first. A failure is one ConfigError ending with ``fix``."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)  # "-o out/2023-10-10" where out/ does not exist yet
        _remove_leftovers(folder, path.name)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=folder)
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise ConfigError(f"cannot write {path} ({exc.strerror}); {fix}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_leftovers(folder: Path, name: str) -> None:
    """Temp files of ``name`` whose writer is gone (killed mid-write): ``.NAME.PID.XXXX.briefer-tmp``."""
    for tmp in folder.glob(f".{glob_escape(name)}.*{TMP_SUFFIX}"):
        pid = tmp.name[len(name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
