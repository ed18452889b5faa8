"""Each eval suite's own index: its corpus ingested into ``<index>/evals/<suite>-<key>``, keyed by
the corpus bytes and the settings that shape the index, never into the user's index."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from briefer.config import Settings
from briefer.core.errors import ConfigError
from briefer.evals.suites import Suite
from briefer.index import Index
from briefer.index.embedders.auto import LEGACY as LEGACY_BACKEND
from briefer.index.embedders.auto import choose_backend
from briefer.ingest import chunking, ingest
from briefer.ingest.pipeline import IngestReport
from briefer.ingest.readers import discover

Progress = Callable[[str, int, int], None]  # (stage, done, total)

INDEX_FORMAT = 1  # bump when the eval index layout changes


# --- the eval index --------------------------------------------------------------------------


def corpus_key(paths: list[Path], settings: Settings) -> str:
    """Hash of the corpus files (names relative to their argument, and bytes), the chunker version
    and the settings that shape the index; it names the eval index folder."""
    h = hashlib.sha256(
        json.dumps(
            [
                INDEX_FORMAT,
                getattr(chunking, "CHUNKER_VERSION", 0),
                settings.embedding.embed_model,
                *([b] if (b := settings.embedding.embed_backend) != LEGACY_BACKEND else []),
                settings.ingest.chunk_tokens,
                settings.ingest.chunk_overlap_tokens,
            ]
        ).encode()
    )
    for root in paths:
        files, _ = discover([root])
        for f in files:
            rel = f.name if root.is_file() else str(f.relative_to(root))
            h.update(rel.encode() + b"\0")
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:16]


def eval_settings(settings: Settings, suite: Suite) -> tuple[Settings, str]:
    """The user's settings pointed at the suite's own index folder (embedded Chroma, never a server)."""
    settings = settings.updated(embed_backend=choose_backend(settings))  # "auto" named: one key, one backend
    key = corpus_key(suite.corpus, settings)
    folder = Path(settings.storage.index) / "evals" / f"{suite.name}-{key}"
    return settings.updated(index=folder, chroma_url=None, store="chroma"), key


def build_index(settings: Settings, suite: Suite, progress: Progress | None = None) -> tuple[Index, IngestReport]:
    """Open (and ingest into, if anything changed) the suite's eval index. Returns (index, report)."""
    s, _ = eval_settings(settings, suite)
    index = Index(s)
    report = ingest(
        index, suite.corpus, progress=(lambda st, d, t: progress(f"indexing {st}", d, t)) if progress else None
    )
    if report.failed:
        path, reason = report.failed[0]
        raise ConfigError(f"cannot ingest the corpus of suite {suite.name}: {path}: {reason}")
    return index, report
