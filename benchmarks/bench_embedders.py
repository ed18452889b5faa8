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
    for backend in ("sentence-transformers", "onnx"):
        emb = make_embedder(load_settings(embed_backend=backend, bf16=False))
        emb.embed(texts[:2])  # load (and, for onnx, export once) outside the timing
        t0 = time.perf_counter()
        vecs = emb.embed(texts)
        results[backend] = (len(texts) / (time.perf_counter() - t0), vecs)
    ref = results["sentence-transformers"][1]
    for backend, (rate, vecs) in results.items():
        cos = (vecs * ref).sum(axis=1)
        print(f"{backend:22s} {rate:6.1f} chunks/s  cosine to fp32: min {cos.min():.4f} mean {cos.mean():.4f}")
    speed = results["onnx"][0] / results["sentence-transformers"][0]
    print(f"onnx int8 / torch fp32 speed: {speed:.2f}x (embedding time {1 / speed:.2f}x; goal <= 0.40x)")
    print(f"({len(texts)} chunks, {np.mean([len(t) for t in texts]):.0f} characters each on average)")


if __name__ == "__main__":
    main()
