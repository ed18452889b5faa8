"""`briefer ask` through the real CLI: offline on the seeds, and through the real anthropic SDK
against the fake Messages API on 127.0.0.1 (plain HTTP and SSE)."""

import json

import pytest
from conftest import run_cli

from briefer.testing.fake_anthropic import Cut, Error, FakeAnthropic, Reply, cit, text

pytestmark = pytest.mark.integration
KEY = "sk-test-Zz81-never-print-me"
Q = "How many civilians left eastern Aleppo on Saturday?"


def test_offline_answer_has_20000_cited_to_the_exodus_article(seeded):
    env, _ = seeded
    res = run_cli("ask", Q, "--json", env=env)
    assert res.returncode == 0, res.stderr
    ans = json.loads(res.stdout)
    assert ans["llm"] == "extractive" and not ans["abstained"] and "20,000" in ans["answer"]
    assert any("20,000" in c["quote"] and c["title"] == "Aleppo exodus grows as thousands more leave"
               for c in ans["citations"])
    assert {"retrieve_ms", "generate_ms", "verify_ms"} == set(ans["timings"])
    assert res.stderr == ""  # no notice under --json


def test_offline_abstains_and_says_which_backend(seeded):
    env, _ = seeded
    res = run_cli("ask", "What did the European Union decide about new sanctions on Syria?", env=env)
    assert res.returncode == 0
    assert "do not answer this question" in res.stdout
    assert "extractive" in res.stderr and "ANTHROPIC_API_KEY" in res.stderr


@pytest.fixture
def claude(seeded):
    env, _ = seeded
    with FakeAnthropic() as fake:
        yield fake, {**env, "ANTHROPIC_BASE_URL": fake.url, "ANTHROPIC_API_KEY": KEY}




def test_claude_citations_map_to_article_and_sentence(claude):
    fake, env = claude
    # retrieval puts the exodus article's lead chunk first for this query; cite its 5th sentence
    fake.enqueue(Reply([text("More than 20,000 civilians left eastern Aleppo on Saturday.", [cit(0, 4)])]))
    res = run_cli("ask", Q, "--json", "-k", "3", env=env)
    assert res.returncode == 0, res.stderr
    ans = json.loads(res.stdout)
    sent = fake.requests[0].search_results
    block = sent[0]["content"][4]["text"]
    c = ans["citations"][0]
    assert ans["llm"] == "anthropic" and c["quote"] == block
    assert sent[0]["title"].startswith(c["title"])
    assert "20,000 civilians left eastern Aleppo" in c["quote"]
    assert ans["sentences"][0]["verdict"] == "supported"
    assert KEY not in res.stdout + res.stderr


def test_529_then_success_still_answers(claude):
    fake, env = claude
    fake.enqueue(Error(529), Reply([text("Civilians left eastern Aleppo.", [cit(0, 0)])]))
    res = run_cli("ask", Q, "--json", env=env)
    assert res.returncode == 0, res.stderr
    assert len(fake.requests) == 2 and json.loads(res.stdout)["citations"]


def test_citation_to_a_result_never_sent_is_dropped(claude):
    fake, env = claude
    forged = cit(9, 0, cited_text="More than 20,000 civilians left.", source="briefer:forged", title="Forged")
    fake.enqueue(Reply([text("More than 20,000 civilians left eastern Aleppo.", [forged]),
                        text(" Ten million people left.", [cit(0, 0)]), " Everyone agreed."]))
    res = run_cli("ask", Q, "--json", "-k", "3", env=env)
    ans = json.loads(res.stdout)
    assert ans["dropped_citations"] and "never sent" in ans["dropped_citations"][0]
    first, second, third = ans["sentences"]
    assert first["citations"] == [] and first["verdict"] != "supported"
    assert second["verdict"] == "unsupported"  # the cited block says no such thing
    assert third["verdict"] == "uncited"
    assert all(c["title"] != "Forged" for c in ans["citations"])


def test_persistent_529_exits_3_with_one_line(claude):
    fake, env = claude
    fake.enqueue(Error(529), Error(529), Error(529))
    res = run_cli("ask", Q, env=env)
    assert res.returncode == 3
    assert res.stderr.strip().count("\n") == 0 and "529" in res.stderr and "Traceback" not in res.stderr
    assert KEY not in res.stderr + res.stdout


def test_rejected_and_missing_key(claude):
    fake, env = claude
    bad = run_cli("ask", Q, env={**env, "ANTHROPIC_API_KEY": "bad-key"})
    assert bad.returncode == 2 and "ANTHROPIC_API_KEY" in bad.stderr and "--llm extractive" in bad.stderr
    missing = run_cli("ask", Q, "--llm", "anthropic", env={k: v for k, v in env.items() if k != "ANTHROPIC_API_KEY"})
    assert missing.returncode == 2 and "ANTHROPIC_API_KEY" in missing.stderr and "--llm extractive" in missing.stderr


def test_stream_cut_keeps_partial_answer_marked_incomplete(claude):
    fake, env = claude
    fake.enqueue(Cut([text("More than 20,000 civilians left eastern Aleppo on Saturday, officials said.", [cit(0, 4)])],
                     after_events=4))
    res = run_cli("ask", Q, "--json", env=env)
    assert res.returncode == 0, res.stderr
    ans = json.loads(res.stdout)
    assert ans["incomplete"] is True and ans["answer"]
