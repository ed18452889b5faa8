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
