"""Finding input files and reading them as text: folders walked deterministically, sizes capped,
bytes decoded (BOM, UTF-8, then charset detection) with binary files refused."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReadError",
    "decode",
    "discover",
    "normalise_newlines",
    "read_bytes",
    "unsupported_reason",
]


class ReadError(Exception):
    """A file that cannot be ingested; str(e) is a one-line reason (no path; the caller adds it)."""


class PartlyRead(ReadError):
    """A file whose good parts were read (``articles``) while some were not (the reason says which)."""

    def __init__(self, reason: str, articles: list):
        super().__init__(reason)
        self.articles = articles


SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom"}
MAX_FILE_BYTES = 50 * 1024 * 1024  # default; parameter overrides


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def discover(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files/folders (recursive, sorted, deterministic) into supported files.

    Returns (files, problems): problems are (path, reason) for missing paths, symlink loops,
    unreadable folders, and files given explicitly with an unsupported suffix. Inside folders,
    unsupported files and hidden files/dirs (names starting with '.') are silently skipped.
    Arguments keep their order; each folder's entries are visited in name order. A file reached
    twice (given twice, or through links) is listed once.
    """
    found = _Found()
    for p in paths:
        p = Path(p)
        if not os.path.lexists(p):
            found.problems.append((p, "no such file or folder"))
        elif p.is_dir():
            found.walk(p, ())
        elif p.is_file():
            if p.suffix.lower() in SUPPORTED_SUFFIXES:
                found.add_file(p)
            else:
                found.problems.append((p, unsupported_reason(p)))
        elif _stat_errno(p) == errno.ELOOP:
            found.problems.append((p, "symbolic link loop"))
        elif p.is_symlink():
            found.problems.append((p, "broken symbolic link (its target does not exist)"))
        else:
            found.problems.append((p, "not a regular file or folder"))
    return found.files, found.problems


class _Found:
    """Files and problems met so far; real paths seen, so links and repeated arguments add nothing new."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.problems: list[tuple[Path, str]] = []
        self.seen_files: set[str] = set()
        self.seen_dirs: set[str] = set()

    def add_file(self, p: Path) -> None:
        real = os.path.realpath(p)
        if real not in self.seen_files:
            self.seen_files.add(real)
            self.files.append(p)

    def walk(self, folder: Path, ancestors: tuple[str, ...]) -> None:
        real = os.path.realpath(folder)
        if real in ancestors:
            self.problems.append((folder, "symbolic link loop: leads back to a folder above it; skipped"))
            return
        if real in self.seen_dirs:  # reached again through another link or argument: nothing new
            return
        self.seen_dirs.add(real)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:  # permission denied, vanished, ...
            self.problems.append((folder, f"cannot read folder: {(e.strerror or str(e)).lower()}"))
            return
        for entry in entries:
            if not entry.name.startswith("."):
                self._visit(entry, ancestors + (real,))

    def _visit(self, entry: os.DirEntry, ancestors: tuple[str, ...]) -> None:
        child = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            self.walk(child, ancestors)
        elif is_file:
            if child.suffix.lower() in SUPPORTED_SUFFIXES:
                self.add_file(child)
        elif entry.is_symlink() and _stat_errno(child) == errno.ELOOP:
            self.problems.append((child, "symbolic link loop; skipped"))
        # broken links, sockets, fifos inside folders: silently skipped


def _stat_errno(p: Path) -> int | None:
    try:
        os.stat(p)
    except OSError as e:
        return e.errno
    return None


def unsupported_reason(p: Path) -> str:
    supported = " ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type {p.suffix.lower() or '(no extension)'}; supported: {supported}"


def read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # a fifo would block the read
            raise ReadError("is a folder, not a file" if stat.S_ISDIR(st.st_mode) else "not a regular file")
        if st.st_size > max_bytes:
            raise ReadError(f"file too large ({st.st_size:,} bytes; the limit is {max_bytes:,} bytes)")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)  # +1: a file that grew since stat() is caught too
    except PermissionError:
        raise ReadError("permission denied (check the file's read permissions)") from None
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise ReadError(f"file too large (over {max_bytes:,} bytes, the limit)")
    return data


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a bad copy, a truncated character), the broken ones as U+FFFD;
    None when the bytes look like another encoding (no UTF-8 multi-byte character, or many broken)."""
    if not re.search(rb"[\xc2-\xf4][\x80-\xbf]", data):
        return None
    text = data.decode("utf-8", errors="replace")
    return text if text.count("\ufffd") <= max(3, len(data) // 1000) else None


def decode(data: bytes) -> str:
    """Bytes to text: a BOM wins, then UTF-8, then charset_normalizer; binary is rejected.
    Detection leans to cp1252 when it is a near-best guess (short Western text often reads as cp437)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return normalise_newlines(data[len(bom) :].decode(enc))
            except UnicodeDecodeError:
                raise ReadError(f"cannot decode text: invalid {enc} after its byte-order mark") from None
    if b"\x00" not in data:
        try:
            return normalise_newlines(data.decode("utf-8"))
        except UnicodeDecodeError:
            if (mostly := _mostly_utf8(data)) is not None:
                return normalise_newlines(mostly)
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = matches[0] if matches else None
    if best is None:
        raise ReadError("binary file, not text (no text encoding fits)")
    if b"\x00" in data and not best.encoding.startswith(("utf_16", "utf_32")):
        raise ReadError("binary file, not text (contains NUL bytes)")
    text = str(best)
    if not best.encoding.startswith(("utf", "ascii")):
        near = [m for m in matches if m.chaos <= best.chaos + 0.1]
        if any("cp1252" in m.could_be_from_charset for m in near):
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                pass
    if "\x00" in text:
        raise ReadError("binary file, not text (contains NUL characters)")
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
