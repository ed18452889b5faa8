"""The sources `briefer update` fetches: feeds and pages, kept in ``sources.json`` in the index
folder (written atomically), each with what the last fetch said."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from briefer.core.errors import ConfigError
from briefer.core.files import write_json_atomic

FILE = "sources.json"


@dataclass
class Source:
    url: str
    name: str | None = None  # the outlet its articles are attributed to (default: the feed title's masthead)
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: str | None = None  # ISO time of the last attempt
    status: str = "new"  # new | ok | unchanged | failed
    error: str | None = None
    articles: int = 0  # entries ingested from it so far
    seen: dict[str, int] = field(default_factory=dict)  # feed item key -> the version the feed gave last


class Sources:
    def __init__(self, folder: Path):
        self.path = Path(folder) / FILE
        self.items: list[Source] = []
        if self.path.is_file():
            try:
                self.items = [Source(**s) for s in json.loads(self.path.read_text(encoding="utf-8"))]
            except (OSError, ValueError, TypeError) as exc:
                raise ConfigError(f"cannot read {self.path} ({type(exc).__name__}); fix or remove it") from None

    def save(self) -> None:
        write_json_atomic(self.path, [asdict(s) for s in self.items], indent=1)

    def add(self, url: str, name: str | None = None) -> Source:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                f"'{url}' is not an http(s) URL; give a feed or page address, e.g. https://example.com/rss"
            )
        if self.find(url):
            raise ConfigError(f"{url} is already a source; `briefer sources list` shows them")
        source = Source(url, name)
        self.items.append(source)
        return source

    def remove(self, name_or_url: str) -> list[Source]:
        gone = [s for s in self.items if name_or_url in (s.url, s.name)]
        if not gone:
            raise ConfigError(f"no source named or at '{name_or_url}'; `briefer sources list` shows them")
        self.items = [s for s in self.items if s not in gone]
        return gone

    def find(self, url: str) -> Source | None:
        return next((s for s in self.items if s.url == url), None)
