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
