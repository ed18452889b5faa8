#!/usr/bin/env python3
"""Embedding backends side by side, in one run, on the same chunks: chunks/s of each and the cosine
of each vector to the PyTorch fp32 one. Prints figures; never asserts timings.

Chunks are MultiHop-RAG article openings cut at the model's 256 tokens (or the seeds' sentences when
the corpus is not beside the checkout). Retrieval quality per backend comes from
``BRIEFER_EMBED_BACKEND=onnx briefer eval multihop --retrieval-only`` (see evals/RESULTS.md).

Usage: python benchmarks/bench_embedders.py [--chunks 256]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "evaldata" / "multihop-rag" / "corpus.json"


def chunks(n: int) -> list[str]:
    if CORPUS.is_file():
        return [a["body"][:1400] for a in json.loads(CORPUS.read_text())[:n]]
    text = " ".join(p.read_text() for p in sorted((REPO / "seeds").glob("*.txt")))
    return [text[i : i + 1400] for i in range(0, len(text), 700)][:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chunks", type=int, default=256)
    a = ap.parse_args()
    from briefer.config import load_settings
    from briefer.index.embedders import make_embedder

    texts = chunks(a.chunks)
    results = {}
    configs = {"torch fp32": ("sentence-transformers", False), "torch bf16": ("sentence-transformers", True),
               "onnx int8": ("onnx", False)}
    for label, (backend, bf16) in configs.items():
        emb = make_embedder(load_settings(embed_backend=backend, bf16=bf16))
        emb.embed(texts[:2])  # load (and, for onnx, export once) outside the timing
        if label == "torch bf16" and not getattr(emb, "uses_bf16", False):
            print("torch bf16: this CPU has no native bf16 (skipped)")
            continue
        t0 = time.perf_counter()
        vecs = emb.embed(texts)
        results[label] = (len(texts) / (time.perf_counter() - t0), vecs)
    ref = results["torch fp32"][1]
    for label, (rate, vecs) in results.items():
        cos = (vecs * ref).sum(axis=1)
        print(f"{label:12s} {rate:6.1f} chunks/s  cosine to fp32: min {cos.min():.4f} mean {cos.mean():.4f}")
    for label in ("onnx int8", "torch bf16"):
        if label in results:
            speed = results[label][0] / results["torch fp32"][0]
            print(f"{label} / torch fp32 speed: {speed:.2f}x (embedding time {1 / speed:.2f}x; goal <= 0.40x)")
    from briefer.index.embedders.auto import choose_backend

    print(f"embed_backend=auto picks for a new index here: {choose_backend(load_settings())}")
    print(f"({len(texts)} chunks, {np.mean([len(t) for t in texts]):.0f} characters each on average)")


if __name__ == "__main__":
    main()
