"""The Claude briefing path through the real SDK against the fake Messages API."""

import pytest

from briefer.brief.build import build
from briefer.brief.render import markdown
from briefer.llm.claude import AnthropicLLM
from briefer.testing.fake_anthropic import FakeAnthropic, Reply, cit, text

pytestmark = pytest.mark.integration


def test_claude_briefing_is_parsed_cited_and_verified(seeds_index, monkeypatch):
    with FakeAnthropic() as fake:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", fake.url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-brief")
        fake.enqueue(Reply([
            text("Civilians kept leaving Aleppo.", [cit(0, 0)]), "\n\n## Exodus\n- ",
            text("Civilians are fleeing by the tens of thousands.", [cit(0, 0)]), "\n- ",
            text("Ten million civilians left on Monday.", [cit(0, 0)]), "\n\n## Conflicting reports\n- ",
            text("Weekend departures differ between sources.", [cit(0, 0), cit(0, 1)]), "\n",
        ]))
        brief = build(seeds_index, llm=AnthropicLLM(seeds_index.settings.llm), date="2016-12-12", days=7,
                      save_history=False)
        request = fake.requests[0].body
    assert "briefing" in request["system"].lower() and "Conflicting reports" in request["system"]
    assert all(b["type"] == "search_result" for b in request["messages"][-1]["content"][:-1])
    assert [s.heading for s in brief.sections] == ["Exodus"]
    ok, bad = brief.sections[0].bullets
    assert bad.verdict == "unsupported" and any("Monday" in r or "million" in r.lower() for r in bad.reasons)
    assert brief.summary and brief.summary[0].citations
    claude_conflict = brief.conflicts[0]
    assert claude_conflict.about == "Weekend departures differ between sources." and len(claude_conflict.sides) == 2
    assert len(brief.conflicts) > 1  # figure conflicts found offline are added
    md = markdown(brief)
    assert "⚠ unsupported" in md and "## Exodus" in md


def test_openai_briefing_markers_become_verified_citations(seeds_index, monkeypatch):
    from briefer.llm.numbered import cite_rule
    from briefer.llm.openai_chat import OpenAICompatibleLLM
    from briefer.testing.fake_openai import FakeOpenAI, cite
    from briefer.testing.fake_openai import Reply as OReply

    trapped = "100,000 are estimated to still be living in the enclave"
    with FakeOpenAI(models=["local"]) as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
        fake.enqueue(OReply(
            f"Some 100,000 people are estimated to still be living in the enclave. {cite(trapped)}\n\n## Exodus\n"
            f"- 100,000 are estimated to still be living in the eastern Aleppo enclave. {cite(trapped)}\n"
            f"- Ten million civilians left on Monday. {cite(trapped)}\n"
        ))
        brief = build(seeds_index, llm=OpenAICompatibleLLM(seeds_index.settings.llm), date="2016-12-12", days=7,
                      save_history=False)
        system = fake.requests[0]["messages"][0]["content"]
    assert "Conflicting reports" in system and cite_rule() in system  # the briefing prompt, with prompted citations
    ok, bad = brief.sections[0].bullets
    assert ok.verdict == "supported" and bad.verdict == "unsupported"
    assert brief.summary and brief.summary[0].citations


def test_a_model_that_cites_nothing_leaves_the_stories_told_in_the_articles_own_words(seeds_index, monkeypatch):
    """A weak local model (SmolLM2 on 2023-11-29 wrote three sentences about the wrong story and cited
    none): its uncited sentences are left out and counted, and each chosen story is told as offline."""
    from briefer.brief import extractive
    from briefer.brief.build import build as build_brief
    from briefer.brief.records import SourceBook
    from briefer.brief.stories import stories_of_window
    from briefer.llm.openai_chat import OpenAICompatibleLLM
    from briefer.testing.fake_openai import FakeOpenAI
    from briefer.testing.fake_openai import Reply as OReply

    invented = "The Warriors agreed to trade Stephen Curry to Utah for a 20% discount."
    with FakeOpenAI(models=["local"]) as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
        fake.enqueue(OReply(f"{invented} Aleppo is calm.\n"))
        brief = build_brief(seeds_index, llm=OpenAICompatibleLLM(seeds_index.settings.llm), date="2016-12-12",
                            days=7, save_history=False)
    offline = extractive.sections(seeds_index, stories_of_window(seeds_index, "2016-12-06", "2016-12-12")[:1],
                                  SourceBook(seeds_index), ("2016-12-06", "2016-12-12"))
    assert brief.sections and all(sec.quoted for sec in brief.sections)
    assert [b.text for b in brief.sections[0].bullets] == [b.text for b in offline[0].bullets]
    assert brief.uncited_left_out == 2 and brief.summary and all(b.citations for b in brief.summary)
    md = markdown(brief)
    assert "Curry" not in md and "⚠" not in md
    assert "stories quoted from the articles" in md and "2 sentences the model wrote without citing an article" in md
    assert {h.text for h in brief.also}.isdisjoint(sec.heading for sec in brief.sections)  # told once


def test_a_briefing_sends_only_the_passages_that_fit_the_model_s_context(seeds_index, monkeypatch):
    """llama.cpp's server at --n_ctx 8192 had failed a MultiHop-RAG day's briefing (9,257 prompt tokens)
    with no reply at all: the passages sent now fit ``llm_context`` with room for ``max_tokens``."""
    from briefer.config import load_settings
    from briefer.index import Index
    from briefer.llm.openai_chat import OpenAICompatibleLLM
    from briefer.testing.fake_openai import FakeOpenAI
    from briefer.testing.fake_openai import Reply as OReply

    def sent(**settings) -> str:
        index = Index(load_settings(index=seeds_index.folder, **settings), embedder=seeds_index.embedder)
        with FakeOpenAI(models=["local"]) as fake:
            monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
            fake.enqueue(OReply("Nothing cited.\n"))
            build(index, llm=OpenAICompatibleLLM(index.settings.llm), date="2016-12-12", days=7, save_history=False)
            return "\n".join(m["content"] for m in fake.requests[0]["messages"])

    whole, tight = sent(), sent(llm_context=2048, max_tokens=512)
    assert tight.count("<source ") >= 1 and tight.count("<source ") < whole.count("<source ")
    assert sum(seeds_index.embedder.count_tokens([tight])) <= 2048 - 512  # the embedder's count, under the estimate
