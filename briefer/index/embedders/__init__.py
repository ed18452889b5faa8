"""Embedders: the ``Embedder`` protocol, its capability record, and the registry that picks one.

A backend is one module plus one ``EMBEDDERS.register`` line below; ``embed_backend`` names it.
torch and sentence-transformers load only when a vector is computed (``pytorch.py``); tokenising
for chunking needs only the light ``tokenizers`` package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from briefer.config import Settings
from briefer.core.registry import Registry


@dataclass(frozen=True)
class EmbedderCapabilities:
    precision: str  # what the vectors are computed in: "fp32", "bf16", "int8", "hash"
    needs_model: bool  # loads model weights (seconds) before the first vector


class Embedder(Protocol):
    """Turns texts into unit-length vectors and measures texts in its own tokens."""

    name: str
    backend: str  # the registered backend name, recorded with the index it embeds

    @property
    def max_tokens(self) -> int:
        """Most tokens one input may hold, special tokens included."""

    @property
    def special_tokens(self) -> int:
        """Tokens the model adds to every input (e.g. [CLS] and [SEP])."""

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Tokens in each text, special tokens excluded."""

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        """Character span of each token of ``text``, for cutting over-long sentences."""

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-normalised float32 matrix, one row per text."""

    capabilities: EmbedderCapabilities


EMBEDDERS: Registry = Registry("embedder", "BRIEFER_EMBED_BACKEND")
EMBEDDERS.register(
    "sentence-transformers",
    "briefer.index.embedders.pytorch:SentenceTransformerEmbedder",
    "a sentence-transformers model on PyTorch (CPU; bf16 autocast where the CPU has it)",
    auto="briefer.index.embedders.auto:torch_rank",
)
EMBEDDERS.register(
    "onnx",
    "briefer.index.embedders.onnx:OnnxEmbedder",
    "the same model on ONNX Runtime, int8 (exported once from the local weights; about 3x fp32, no torch at run time)",
    auto="briefer.index.embedders.auto:onnx_rank",
)
EMBEDDERS.register(
    "hash", "briefer.testing:HashEmbedder", "a model-free deterministic fake: hashed bag of words (tests only)"
)


def make_embedder(settings: Settings, backend: str | None = None) -> Embedder:
    """The embedder ``backend`` names (default: ``embed_backend``, "auto" as for a new index), configured
    from the embedding settings."""
    from briefer.index.embedders.auto import choose_backend

    cls = EMBEDDERS.load(backend or choose_backend(settings))
    return cls.from_settings(settings)
