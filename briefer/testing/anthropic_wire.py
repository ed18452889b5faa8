"""The steps a ``FakeAnthropic`` server plays (replies with citations, errors, cut streams) and the
wire format it speaks: request validation, citation resolution, SSE events, recorded requests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any, Optional, Union

from briefer.testing.raw_steps import Drip, Raw

STATUS_BY_TYPE = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "permission_error": 403,
    "rate_limit_error": 429,
    "api_error": 500,
    "overloaded_error": 529,
}


@dataclass(frozen=True)
class Cit:
    """``cit(i, start[, end], cited_text=, source=, title=)``: a ``search_result_location``
    citation; fields left None are filled from the request's search_result #i."""

    search_result_index: int
    start_block_index: int = 0
    end_block_index: Optional[int] = None  # exclusive; default start_block_index + 1
    _: KW_ONLY
    cited_text: Optional[str] = None
    source: Optional[str] = None
    title: Optional[str] = None


@dataclass(frozen=True)
class Text:
    text: str
    citations: tuple[Cit, ...] = ()


cit = Cit


def text(s: str, cite: Sequence[Cit] = ()) -> Text:
    return Text(s, tuple(cite))


@dataclass
class Reply:
    """A successful answer: Message JSON, or SSE when the request has ``"stream": true``."""

    blocks: Sequence[Union[Text, str]] = ("OK",)  # a str is an uncited text block
    stop_reason: str = "end_turn"
    input_tokens: Optional[int] = None  # default: estimated from the request body
    output_tokens: Optional[int] = None  # default: estimated from the answer text
    pieces: int = 3  # text_delta events per text block (at most)
    citations_first: bool = False  # stream citations_delta before the text_deltas
    delay: float = 0.0  # seconds to wait before answering


@dataclass
class Error:
    """An HTTP error with the API's JSON error body."""

    status: int = 529
    type: str = "overloaded_error"
    message: str = "Overloaded"
    retry_after_ms: Optional[int] = 10  # keeps SDK retries fast; None to omit the header
    should_retry: Optional[bool] = None  # sets ``x-should-retry`` when not None
    headers: dict = field(default_factory=dict)


@dataclass
class Cut(Reply):
    """Stream ``after_events`` SSE events of the reply, then drop the connection
    (no final chunk, no message_stop). Non-stream: headers + half the body, then drop;
    the SDK treats that as a connection error and retries it (with its own backoff)."""

    after_events: int = 4


@dataclass
class StreamError(Reply):
    """Stream ``after_events`` events then an ``event: error`` and end the stream cleanly.
    Non-stream requests get the HTTP error matching ``type`` instead."""

    after_events: int = 4
    type: str = "overloaded_error"
    message: str = "Overloaded"


Step = Union[Reply, Error, Raw, Drip]


def search_results_of(body: Any) -> list[dict]:
    """The request's ``search_result`` blocks in API index order."""
    found: list[dict] = []

    def walk(blocks: Any) -> None:
        for b in blocks if isinstance(blocks, list) else ():
            if isinstance(b, dict) and b.get("type") == "search_result":
                found.append(b)
            elif isinstance(b, dict) and b.get("type") == "tool_result":
                walk(b.get("content"))

    for m in (body.get("messages") if isinstance(body, dict) else None) or []:
        walk(m.get("content") if isinstance(m, dict) else None)
    return found


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names; includes the real key (authorization)
    raw: bytes
    body: Any = None  # parsed JSON (None if unparsable)
    response_status: Optional[int] = None
    step: Any = None  # the step served, if any

    @property
    def stream(self) -> bool:
        return isinstance(self.body, dict) and self.body.get("stream") is True

    @property
    def api_key(self) -> Optional[str]:
        """The key from ``x-api-key`` or ``Authorization: Bearer`` (SDK 2.x sends the latter)."""
        auth = self.headers.get("authorization", "")
        return self.headers.get("x-api-key") or (auth[7:] if auth.lower().startswith("bearer ") else None)

    @property
    def search_results(self) -> list[dict]:
        return search_results_of(self.body)


class FixtureError(Exception):
    """The test's steps do not fit the request (e.g. a citation of a missing result)."""


def error_body(type_: str, message: str) -> bytes:
    return json.dumps({"type": "error", "error": {"type": type_, "message": message}}).encode()


def validate_request(body: Any) -> Optional[str]:
    if not isinstance(body, dict):
        return "There was an error parsing the body of your request"
    mt, msgs = body.get("max_tokens"), body.get("messages")
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model: Field required"
    if not isinstance(mt, int) or isinstance(mt, bool) or mt < 1:
        return "max_tokens: Field required (positive integer)"
    if (
        not isinstance(msgs, list)
        or not msgs
        or not all(isinstance(m, dict) and m.get("role") in ("user", "assistant") and "content" in m for m in msgs)
    ):
        return "messages: Field required (non-empty list of {role: user|assistant, content})"
    for i, sr in enumerate(search_results_of(body)):
        content = sr.get("content")
        if not isinstance(sr.get("source"), str) or not isinstance(sr.get("title"), str):
            return f"search_result #{i}: source and title must be strings"
        if (
            not isinstance(content, list)
            or not content
            or not all(
                isinstance(c, dict) and c.get("type") == "text" and isinstance(c.get("text"), str) for c in content
            )
        ):
            return f"search_result #{i}: content must be a non-empty list of text blocks"
        if not isinstance(sr.get("citations", {}), dict):
            return f'search_result #{i}: citations must be an object like {{"enabled": true}}'
    return None


def _resolve(c: Cit, results: list[dict]) -> Optional[dict]:
    i, start = c.search_result_index, c.start_block_index
    end = c.end_block_index if c.end_block_index is not None else start + 1
    sr = results[i] if 0 <= i < len(results) else None
    if sr is None and None in (c.cited_text, c.source):
        raise FixtureError(f"cit({i}, {start}): request has {len(results)} search_result blocks")
    if sr is not None and not (sr.get("citations") or {}).get("enabled"):
        return None
    cited = c.cited_text
    if cited is None:
        assert sr is not None  # checked above: without a result, cited_text and source are given
        content = sr["content"]
        if not 0 <= start < end <= len(content):
            raise FixtureError(f"cit({i}, {start}, {end}): search_result #{i} has {len(content)} blocks")
        cited = "".join(b["text"] for b in content[start:end])
    return {
        "type": "search_result_location",
        "source": c.source if c.source is not None else (sr or {})["source"],
        "title": c.title if c.title is not None else (sr or {}).get("title"),
        "cited_text": cited,
        "search_result_index": i,
        "start_block_index": start,
        "end_block_index": end,
    }


def _pieces(s: str, n: int) -> list[str]:
    words = s.split(" ")
    if n <= 1 or len(words) <= 1:
        return [s]
    per = -(-len(words) // n)
    parts = [" ".join(words[k : k + per]) for k in range(0, len(words), per)]
    return [p + (" " if k < len(parts) - 1 else "") for k, p in enumerate(parts)]


class ScriptedAnswer:
    """A Reply resolved against one request."""

    def __init__(self, reply: Reply, body: dict, raw: bytes, msg_id: str):
        results = search_results_of(body)
        self.reply, self.model, self.id = reply, body["model"], msg_id
        self.blocks: list[tuple[str, Optional[list[dict]]]] = []
        for b in reply.blocks:
            t = Text(b) if isinstance(b, str) else b
            cs = [r for r in (_resolve(c, results) for c in t.citations) if r is not None]
            self.blocks.append((t.text, cs or None))
        words = sum(len(t.split()) for t, _ in self.blocks)
        self.input_tokens = reply.input_tokens if reply.input_tokens is not None else max(1, len(raw) // 4)
        self.output_tokens = reply.output_tokens if reply.output_tokens is not None else max(1, words)

    def message(self) -> dict:
        return {
            "id": self.id,
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": [{"type": "text", "text": t, "citations": cs} for t, cs in self.blocks],
            "stop_reason": self.reply.stop_reason,
            "stop_sequence": None,
            "usage": {"input_tokens": self.input_tokens, "output_tokens": self.output_tokens},
        }

    def events(self) -> list[tuple[str, dict]]:
        start = dict(
            self.message(), content=[], stop_reason=None, usage={"input_tokens": self.input_tokens, "output_tokens": 1}
        )
        ev: list[tuple[str, dict]] = [
            ("message_start", {"type": "message_start", "message": start}),
            ("ping", {"type": "ping"}),
        ]
        for idx, (t, cs) in enumerate(self.blocks):
            block = {"type": "text", "text": "", **({"citations": []} if cs else {})}
            ev.append(("content_block_start", {"type": "content_block_start", "index": idx, "content_block": block}))
            texts = [{"type": "text_delta", "text": p} for p in _pieces(t, self.reply.pieces)]
            cites = [{"type": "citations_delta", "citation": c} for c in cs or []]
            for d in cites + texts if self.reply.citations_first else texts + cites:
                ev.append(("content_block_delta", {"type": "content_block_delta", "index": idx, "delta": d}))
            ev.append(("content_block_stop", {"type": "content_block_stop", "index": idx}))
        ev.append(
            (
                "message_delta",
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": self.reply.stop_reason, "stop_sequence": None},
                    "usage": {"output_tokens": self.output_tokens},
                },
            )
        )
        ev.append(("message_stop", {"type": "message_stop"}))
        return ev


def sse_event(name: str, data: dict) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
