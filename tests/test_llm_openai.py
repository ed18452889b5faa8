"""The openai backend: prompted citations parsed and mapped to exact sentences, repaired or flagged,
and every fault of an OpenAI-compatible server through the real SDK and CLI (fake server on 127.0.0.1)."""

import json

import pytest
from conftest import run_cli

from briefer.core.records import Hit, Span
from briefer.llm.drafts import Passage
from briefer.llm.numbered import MarkerFilter, Numbering, cite_rule, label, parse
from briefer.testing.fake_openai import Cut, Error, FakeOpenAI, Hang, Malformed, Reply, cite
from briefer.testing.raw_steps import Drip, Raw

KEY = "sk-local-Qq71-never-print-me"
Q = "How many civilians left eastern Aleppo on Saturday?"
EXODUS = "More than 20,000 civilians left eastern Aleppo and over 1,200 rebels"


def _passages() -> list[Passage]:
    texts = [["Rain fell in Paris.", "It was cold."], ["Prices rose 3%.", "Shops closed.", "Fans cheered."]]
    out = []
    for i, sents in enumerate(texts):
        text = " ".join(sents)
        spans, pos = [], 0
        for s in sents:
            spans.append(Span(pos, pos + len(s)))
            pos += len(s) + 1
        hit = Hit(rank=i + 1, score=0.0, chunk_id=f"c{i}", article_id=f"a{i}", title=f"T{i}", source="O",
                  published="2023-10-10", url=None, text=text, start=0, end=len(text))
        out.append(Passage(i, hit, spans))
    return out


def test_numbered_sentences_are_shown_with_the_parsers_label_and_map_back():
    numbering = Numbering.of(_passages())
    shown = numbering.render()
    assert f"{label(3)} Prices rose 3%." in shown and f"{label(5)} Fans cheered." in shown
    assert label(3) in cite_rule()  # the prompt's example uses the parser's format
    parsed = parse("It rained in Paris. [1] Prices rose 3% [3, 5]. Cold [2-3] too.", numbering)
    cites = [[(c.passage, c.start_block) for c in s.citations] for s in parsed.segments]
    assert [c for c in cites if c] == [[(0, 0)], [(1, 0), (1, 2)], [(0, 1), (1, 0)]]
    assert cites[-1] == [] and parsed.segments[-1].text.strip() == "too."
    assert "[" not in "".join(s.text for s in parsed.segments) and parsed.dropped == []


def test_markers_out_of_range_or_malformed_are_dropped_and_counted():
    parsed = parse("Prices rose. [9] [source 2] [3a] [0] Shops closed [4]. As [sic] noted.", Numbering.of(_passages()))
    assert len(parsed.dropped) == 4
    assert any("[9]" in d for d in parsed.dropped) and any("source 2" in d for d in parsed.dropped)
    assert [(c.passage, c.start_block) for s in parsed.segments for c in s.citations] == [(1, 1)]
    assert "[sic]" in "".join(s.text for s in parsed.segments)


def test_marker_filter_streams_text_without_markers_even_when_split_across_chunks():
    out: list[str] = []
    f = MarkerFilter(out.append)
    for piece in ["Prices rose [", "3", "][4", "]. Shops", " closed [5]."]:
        f.feed(piece)
    f.close()
    assert "".join(out) == "Prices rose . Shops closed ."


@pytest.fixture
def oai(seeded):
    env, _ = seeded
    with FakeOpenAI(models=["tiny-1", "tiny-2"]) as fake:
        yield fake, {**env, **fake.env, "OPENAI_API_KEY": KEY, "BRIEFER_LLM_TIMEOUT": "3", "BRIEFER_LLM_RETRIES": "1",
                          "BRIEFER_LLM_DEADLINE": "5"}


pytestmark = pytest.mark.integration


def _ask(env, *extra):
    return run_cli("ask", Q, "--llm", "openai", "--json", *extra, env=env)


def test_markers_map_to_exact_sentences_and_the_first_listed_model_is_used(oai):
    fake, env = oai
    fake.enqueue(Reply(f"More than 20,000 civilians left eastern Aleppo on Saturday. {cite(EXODUS)}"))
    res = _ask(env)
    assert res.returncode == 0, res.stderr
    ans = json.loads(res.stdout)
    assert ans["llm"] == "openai" and ans["model"] == "tiny-1" and fake.requests[-1]["model"] == "tiny-1"
    assert ans["citations"][0]["quote"].startswith(EXODUS) and ans["sentences"][0]["verdict"] == "supported"
    assert "repaired" not in ans["sentences"][0]
    system, user = fake.requests[-1]["messages"][0]["content"], fake.requests[-1]["messages"][-1]["content"]
    assert cite_rule() in system and "{cite_rule}" not in system and Q in user
    assert KEY not in res.stdout + res.stderr and fake.keys[-1] == KEY


def test_wrong_marker_is_repaired_and_an_unsupported_claim_stays_flagged(oai):
    fake, env = oai
    fake.enqueue(Reply(f"Over 1,200 rebels laid down their arms. {cite('Syrian civilians wait')} "
                       f"The city hosted the 2024 Olympics. {cite(EXODUS)} [77]"))
    res = run_cli("ask", Q, "--llm", "openai", "--json", env={**env, "BRIEFER_MODEL": "tiny-2"})
    assert res.returncode == 0, res.stderr
    ans = json.loads(res.stdout)
    assert fake.requests[-1]["model"] == "tiny-2"
    first, second = ans["sentences"]
    assert first["verdict"] == "supported" and first["repaired"]
    assert "1,200 rebels" in ans["citations"][first["citations"][0] - 1]["quote"]
    assert second["verdict"] == "unsupported"
    assert len(ans["dropped_citations"]) == 1 and "[77]" in ans["dropped_citations"][0]


@pytest.mark.parametrize(
    ("steps", "code", "phrase"),
    [
        ([Error(500), Error(500)], 3, "failed: 500 after 1 retries"),
        ([Hang(10), Hang(10)], 3, "timed out after 3s"),
        ([Malformed("")], 3, "broken answer"),
        ([Raw()], 3, "did not answer as an OpenAI-compatible chat API"),  # an HTML page with 200
        ([Drip(0.3)], 3, "no answer within llm_deadline (5s)"),  # bytes forever, never an event
    ],
)
def test_server_faults_give_one_line_and_exit_3(oai, steps, code, phrase):
    fake, env = oai
    fake.enqueue(*steps)
    res = _ask(env)
    assert res.returncode == code and res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and phrase in lines[0] and "--llm extractive" in lines[0], res.stderr
    assert "Traceback" not in res.stderr and KEY not in res.stderr


def test_429_is_retried_then_answers(oai):
    fake, env = oai
    fake.enqueue(Error(429), Reply(f"Over 1,200 rebels laid down their arms. {cite(EXODUS)}"))
    res = _ask(env)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["sentences"][0]["verdict"] == "supported"
    assert len(fake.requests) == 2


def test_rejected_key_is_a_config_error_that_never_shows_the_key(oai):
    fake, env = oai
    res = _ask({**env, "OPENAI_API_KEY": "bad-key"})
    assert res.returncode == 2 and "rejected the key" in res.stderr and "OPENAI_API_KEY" in res.stderr
    _ask(env)  # a run with the real key leaves it in no file of the index
    from pathlib import Path

    stored = [p for p in Path(env["BRIEFER_INDEX"]).rglob("*") if p.is_file()]
    assert stored and not any(KEY.encode() in p.read_bytes() for p in stored)


@pytest.mark.parametrize("step", [Cut("More than 20,000 civilians left"), Malformed("More than 20,000 civilians left")])
def test_stream_cut_mid_answer_keeps_the_text_marked_incomplete(oai, step):
    fake, env = oai
    fake.enqueue(step)
    res = _ask(env)
    assert res.returncode == 0, res.stderr
    ans = json.loads(res.stdout)
    assert ans["incomplete"] and "20,000 civilians left" in ans["answer"]


def test_chat_survives_a_fault_and_answers_the_next_question(oai):
    fake, env = oai
    fake.enqueue(Error(500), Error(500), Reply(f"More than 20,000 civilians left. {cite(EXODUS)}"))
    res = run_cli("chat", "--llm", "openai", env=env, input=f"{Q}\nAnd on Saturday?\n")
    assert res.returncode == 0, res.stderr
    assert "failed: 500" in res.stdout + res.stderr and "20,000 civilians left" in res.stdout
    assert KEY not in res.stdout + res.stderr


def test_doctor_checks_the_endpoint_and_lists_its_models(oai):
    fake, env = oai
    res = run_cli("doctor", "--llm", "openai", env=env)
    assert "tiny-1, tiny-2" in res.stdout and fake.url in res.stdout
    res = run_cli("doctor", "--llm", "openai", env={**env, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert res.returncode == 3 and "could not be reached" in res.stdout  # the index is fine: exit 3, not 4


def test_chat_follow_up_is_rewritten_by_the_model_then_answered(oai):
    fake, env = oai
    fake.enqueue(
        Reply(f"More than 20,000 civilians left. {cite(EXODUS)}"),
        Reply("How many rebels laid down their arms in eastern Aleppo on Saturday"),  # the rewrite
        Reply(f"Over 1,200 rebels laid down their arms. {cite(EXODUS)}"),
    )
    res = run_cli("chat", "--llm", "openai", env=env, input=f"{Q}\nAnd how many rebels?\n")
    assert res.returncode == 0, res.stderr
    rewrite = fake.requests[1]
    assert "standalone search query" in rewrite["messages"][0]["content"] and not rewrite.get("stream")
    assert "And how many rebels?" in rewrite["messages"][1]["content"]
    assert "Over 1,200 rebels laid down their arms. [1]" in res.stdout
    history = fake.requests[2]["messages"]
    assert [m["role"] for m in history] == ["system", "user", "assistant", "user"]  # the earlier turn is sent
