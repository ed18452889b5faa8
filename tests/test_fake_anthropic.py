"""Prove tests/fake_anthropic.py speaks the wire format the real anthropic SDK expects."""

from __future__ import annotations

import anthropic
import httpx2
import pytest
from anthropic.types import CitationsSearchResultLocation

from briefer.testing.fake_anthropic import Cut, Error, FakeAnthropic, Reply, StreamError, cit, text

MODEL = "claude-sonnet-4-6"  # claude-sonnet-4-5 warns: deprecated in SDK 2.11


def search_result(source: str, title: str, *texts: str) -> dict:
    return {"type": "search_result", "source": source, "title": title,
            "content": [{"type": "text", "text": t} for t in texts], "citations": {"enabled": True}}


MESSAGES = [{"role": "user", "content": [
    {"type": "text", "text": "Here are today's articles."},
    search_result("https://ex.com/a", "Storm hits coast", "A storm hit.", "Winds reached 120 km/h."),
    search_result("https://ex.com/b", "Markets calm", "Stocks were flat."),
    {"type": "text", "text": "Summarise with citations."},
]}]


def client(fake: FakeAnthropic, key: str = "test", retries: int = 2) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key=key, base_url=fake.url, max_retries=retries, timeout=10)


def answer() -> Reply:
    return Reply([text("Winds reached 120 km/h on the coast. ", cite=[cit(0, 1)]),
                  text("Stocks were flat.", cite=[cit(1, 0), cit(0, 0, 2)]),
                  "No other news."])


def create(c: anthropic.Anthropic, **kw):
    return c.messages.create(model=MODEL, max_tokens=512, messages=MESSAGES, **kw)


def test_non_stream_reply_with_citations():
    with FakeAnthropic() as fake:
        fake.enqueue(answer())
        msg = create(client(fake))
    assert msg.stop_reason == "end_turn" and msg.model == MODEL
    assert [b.text for b in msg.content] == [
        "Winds reached 120 km/h on the coast. ", "Stocks were flat.", "No other news."]
    c0 = msg.content[0].citations[0]
    assert isinstance(c0, CitationsSearchResultLocation)
    assert (c0.search_result_index, c0.start_block_index, c0.end_block_index) == (0, 1, 2)
    assert c0.cited_text == "Winds reached 120 km/h."
    assert (c0.source, c0.title) == ("https://ex.com/a", "Storm hits coast")
    c1, c2 = msg.content[1].citations
    assert (c1.source, c1.cited_text) == ("https://ex.com/b", "Stocks were flat.")
    assert c2.cited_text == "A storm hit.Winds reached 120 km/h."
    assert msg.content[2].citations is None
    assert msg.usage.output_tokens > 0


def test_explicit_citation_fields_win():
    with FakeAnthropic(default=Reply([text("x", cite=[cit(0, 0, cited_text="X", title="T")])])) as fake:
        msg = create(client(fake))
    c = msg.content[0].citations[0]
    assert (c.cited_text, c.title, c.source) == ("X", "T", "https://ex.com/a")


def test_stream_yields_text_and_citation_deltas():
    with FakeAnthropic() as fake:
        fake.enqueue(answer())
        with client(fake).messages.stream(model=MODEL, max_tokens=512, messages=MESSAGES) as stream:
            events = list(stream)
            final = stream.get_final_message()
    deltas = [e.delta for e in events if e.type == "content_block_delta"]
    kinds = [d.type for d in deltas]
    assert kinds.count("citations_delta") == 3
    assert kinds.count("text_delta") >= 4  # text split into several pieces
    cited = [d.citation for d in deltas if d.type == "citations_delta"]
    assert all(isinstance(c, CitationsSearchResultLocation) for c in cited)
    assert "".join(e.text for e in events if e.type == "text") == (
        "Winds reached 120 km/h on the coast. Stocks were flat.No other news.")
    assert final.content[0].citations[0].cited_text == "Winds reached 120 km/h."
    assert len(final.content[1].citations) == 2 and not final.content[2].citations
    assert final.stop_reason == "end_turn" and final.usage.output_tokens > 0
    assert fake.requests[0].stream


def test_stream_citations_first_option():
    with FakeAnthropic(default=Reply([text("A storm hit.", cite=[cit(0, 0)])], citations_first=True)) as fake:
        with client(fake).messages.stream(model=MODEL, max_tokens=64, messages=MESSAGES) as stream:
            kinds = [e.delta.type for e in stream if e.type == "content_block_delta"]
            final = stream.get_final_message()
    assert kinds[0] == "citations_delta" and final.content[0].citations[0].source == "https://ex.com/a"


def test_overloaded_then_reply_is_retried():
    with FakeAnthropic() as fake:
        fake.enqueue(Error(529), answer())
        msg = create(client(fake))
    assert msg.content[0].text.startswith("Winds")
    assert [r.response_status for r in fake.requests] == [529, 200]
    assert fake.requests[1].headers["x-stainless-retry-count"] == "1"


def test_three_overloaded_raise_after_two_retries():
    with FakeAnthropic() as fake:
        fake.enqueue(Error(529), Error(529), Error(529), answer())
        with pytest.raises(anthropic.InternalServerError) as info:
            create(client(fake))
    err = info.value
    assert isinstance(err, anthropic.APIStatusError) and err.status_code == 529
    assert err.type == "overloaded_error" and err.api_message == "Overloaded"
    assert len(fake.requests) == 3 and fake.pending == 1


def test_stream_overloaded_then_reply_is_retried():
    with FakeAnthropic() as fake:
        fake.enqueue(Error(529), answer())
        with client(fake).messages.stream(model=MODEL, max_tokens=64, messages=MESSAGES) as stream:
            assert stream.get_final_text().startswith("Winds")


def test_rate_limit_not_retried_when_told():
    with FakeAnthropic() as fake:
        fake.enqueue(Error(429, "rate_limit_error", "slow down", should_retry=False))
        with pytest.raises(anthropic.RateLimitError):
            create(client(fake))
    assert len(fake.requests) == 1


def test_cut_mid_stream_raises_after_some_text():
    with FakeAnthropic() as fake:
        fake.enqueue(Cut(answer().blocks, after_events=5))
        got: list[str] = []
        # SDK 2.11 does not wrap this: a raw httpx2.RemoteProtocolError ("incomplete chunked read")
        with pytest.raises((anthropic.APIError, httpx2.HTTPError)):
            with client(fake).messages.stream(model=MODEL, max_tokens=64, messages=MESSAGES) as stream:
                for e in stream:
                    if e.type == "text":
                        got.append(e.text)
    assert got and "".join(got).startswith("Winds")
    assert len(fake.requests) == 1


def test_cut_non_stream_is_a_connection_error():
    with FakeAnthropic() as fake:
        fake.enqueue(Cut(answer().blocks))
        with pytest.raises(anthropic.APIConnectionError):
            create(client(fake, retries=0))


def test_stream_error_event():
    with FakeAnthropic() as fake:
        fake.enqueue(StreamError(answer().blocks, after_events=4))
        with pytest.raises(anthropic.APIStatusError) as info:
            with client(fake).messages.stream(model=MODEL, max_tokens=64, messages=MESSAGES) as stream:
                stream.until_done()
    assert info.value.type == "overloaded_error"


def test_bad_key_is_authentication_error():
    with FakeAnthropic(default=answer()) as fake:
        with pytest.raises(anthropic.AuthenticationError) as info:
            create(client(fake, key="bad-key"))
    assert info.value.status_code == 401 and len(fake.requests) == 1  # 401 is not retried
    assert fake.requests[0].api_key == "bad-key"


def test_malformed_request_is_400():
    with FakeAnthropic(default=answer()) as fake:
        c = client(fake)
        with pytest.raises(anthropic.BadRequestError):
            c.messages.create(model=MODEL, max_tokens=64, messages=[])
        bad = [{"role": "user", "content": [{"type": "search_result", "source": "s", "title": "t",
                                             "content": "not a list"}]}]
        with pytest.raises(anthropic.BadRequestError, match="search_result #0"):
            c.messages.create(model=MODEL, max_tokens=64, messages=bad)
        assert create(c).content[0].text.startswith("Winds")


def test_no_step_queued_is_500_without_retry():
    with FakeAnthropic() as fake:
        with pytest.raises(anthropic.InternalServerError, match="no step queued"):
            create(client(fake))
    assert len(fake.requests) == 1


def test_requests_record_search_results_and_env(monkeypatch):
    with FakeAnthropic(default=answer()) as fake:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", fake.env["ANTHROPIC_BASE_URL"])
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-secret")
        create(anthropic.Anthropic(max_retries=0), system="Be brief.")
    req = fake.requests[0]
    assert req.path == "/v1/messages" and req.api_key == "sk-test-secret"
    assert req.body["model"] == MODEL and req.body["system"] == "Be brief."
    assert [s["source"] for s in req.search_results] == ["https://ex.com/a", "https://ex.com/b"]
    assert req.headers["authorization"] == "Bearer sk-test-secret"  # SDK 2.x: no x-api-key
    assert req.search_results[0]["citations"] == {"enabled": True}
    assert req.search_results[0]["content"][1] == {"type": "text", "text": "Winds reached 120 km/h."}


def test_citation_without_enabled_is_dropped_and_bad_index_is_fixture_error():
    msgs = [{"role": "user", "content": [dict(MESSAGES[0]["content"][1], citations={"enabled": False})]}]
    with FakeAnthropic(default=Reply([text("x", cite=[cit(0, 0)])])) as fake:
        msg = client(fake).messages.create(model=MODEL, max_tokens=64, messages=msgs)
    assert msg.content[0].citations is None
    with pytest.raises(AssertionError, match="fixture errors"):
        with FakeAnthropic(default=Reply([text("x", cite=[cit(5, 0)])])) as fake:
            with pytest.raises(anthropic.InternalServerError):
                create(client(fake))
    assert len(fake.requests) == 1
