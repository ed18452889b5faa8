#!/usr/bin/env python3
"""How long a user waits, as a new process each time, on the seeds: `briefer --help`, `ask`,
`search`, `doctor`, and in `briefer chat` on a terminal (a pty) the time to the prompt and from the
first question to its answer. Prints figures; never asserts timings.

The seeds are ingested once into a temporary index with the default settings (``embed_backend =
auto``: the backend this machine picks for a new index); the ONNX export, if any, is made before
the timings. Answers are extractive (offline).

Usage: python benchmarks/bench_start.py [--runs 3] [--backend auto|onnx|sentence-transformers]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BRIEFER = [sys.executable, "-m", "briefer"]
QUESTION = "How many civilians left eastern Aleppo on Saturday?"
PROMPT = "briefer›"  # prompt_toolkit draws the space after it with a cursor move


def timed(args: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    done = subprocess.run([*BRIEFER, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    if done.returncode not in (0, 1):
        raise SystemExit(f"briefer {' '.join(args)} failed: {done.stderr.strip()}")
    return time.perf_counter() - t0


def chat_times(env: dict) -> tuple[float, float]:
    """(seconds to the prompt, seconds from the first question to the next prompt) on a pty."""
    import pexpect

    t0 = time.perf_counter()
    child = pexpect.spawn(BRIEFER[0], [*BRIEFER[1:], "chat", "--llm", "extractive"], cwd=str(REPO), timeout=300, encoding="utf-8",
                          env={**env, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}, dimensions=(40, 100))
    try:
        child.expect(PROMPT)
        to_prompt = time.perf_counter() - t0
        child.sendline(QUESTION)
        t1 = time.perf_counter()
        child.expect_exact("[1]")  # the answer's first citation, then the prompt drawn after it
        child.expect(PROMPT)
        answer = time.perf_counter() - t1
        child.sendeof()
        child.expect(pexpect.EOF)
        return to_prompt, answer
    finally:
        child.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--backend", default="auto")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefer-bench-start-") as tmp:
        env = {**os.environ, "BRIEFER_INDEX": str(Path(tmp) / "index"), "BRIEFER_EMBED_BACKEND": a.backend,
               "BRIEFER_LLM": "extractive", "BRIEFER_CONFIG": ""}
        ingest_s = timed(["ingest", str(REPO / "seeds")], env)
        backend = json.loads((Path(tmp) / "index" / "embedder.json").read_text())["backend"]
        rows = {
            "briefer --help": ["--help"],
            "briefer ask (seeds, extractive)": ["ask", QUESTION],
            "briefer search": ["search", QUESTION],
            "briefer doctor": ["doctor"],
        }
        print(f"backend: {backend}; seeds ingested in {ingest_s:.1f} s (first ingest, export included if any)")
        for label, args in rows.items():
            runs = [timed(args, env) for _ in range(a.runs)]
            print(f"{label:34s} median {statistics.median(runs):5.2f} s  (runs: {', '.join(f'{r:.2f}' for r in runs)})")
        chats = [chat_times(env) for _ in range(a.runs)]
        print(f"{'briefer chat: to the prompt':34s} median {statistics.median(c[0] for c in chats):5.2f} s")
        print(f"{'briefer chat: first answer':34s} median {statistics.median(c[1] for c in chats):5.2f} s"
              "  (from the question sent to the next prompt; goal <= 3 s)")


if __name__ == "__main__":
    main()
