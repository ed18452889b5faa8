"""Registries of pluggable backends: a name, a ``module:attribute`` target loaded on first use, a summary.

A backend is one module plus one ``register`` line in its seam's registry (``briefer.llm``,
``briefer.index.embedders``, ``briefer.index.vectors``). Targets load lazily, so listing the
backends (``--help``, ``briefer config``) never imports an SDK, torch or chromadb.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from briefer.core.errors import ConfigError

T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    name: str
    target: str  # "package.module:attribute"
    summary: str
    auto: str | None = None  # "module:function" ranking the backend for an automatic choice (None: never chosen)


class Registry(Generic[T]):
    """The backends of one seam; ``setting`` names the setting that picks one (for error messages)."""

    def __init__(self, seam: str, setting: str):
        self.seam, self.setting = seam, setting
        self._entries: dict[str, Entry] = {}

    def register(self, name: str, target: str, summary: str, *, auto: str | None = None) -> None:
        """``auto`` names a light probe returning the backend's rank here (higher is better) or None when it
        cannot run; backends without one are only used when named."""
        if name in self._entries:
            raise ValueError(f"{self.seam} backend '{name}' is registered twice")
        self._entries[name] = Entry(name, target, summary, auto)

    def names(self) -> list[str]:
        return list(self._entries)

    def entries(self) -> list[Entry]:
        return list(self._entries.values())

    def load(self, name: str) -> Any:
        """The registered class or factory called ``name``; an unknown name is a ConfigError listing the known ones."""
        entry = self._entries.get(name)
        if entry is None:
            known = ", ".join(self._entries)
            raise ConfigError(f"unknown {self.seam} backend '{name}'; set {self.setting} to one of: {known}")
        module, _, attribute = entry.target.partition(":")
        return getattr(importlib.import_module(module), attribute)
