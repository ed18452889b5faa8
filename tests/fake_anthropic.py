"""A fake Anthropic Messages API server for tests (stdlib only); the real SDK talks to it.

    with FakeAnthropic() as fake:                      # 127.0.0.1, random port
        fake.enqueue(Error(529), Reply([text("Rain is due. ", cite=[cit(0, 1)])]))
        client = anthropic.Anthropic(api_key="test", base_url=fake.url)  # or env: fake.env
        assert fake.requests[0].search_results[0]["source"] == "https://..."

Each ``POST /v1/messages`` consumes one queued step (Reply, Error, Cut, StreamError); with
an empty queue ``default`` is served (never consumed), else 500 "no step queued" (not
retried). Checked first, consuming no step: no key (``x-api-key`` or ``Authorization:
Bearer`` -- SDK 2.x sends a bearer token) or key ``"bad-key"`` -> 401; body not JSON, or
without model/max_tokens/messages, or a malformed ``search_result`` block -> 400.
``cit(i, b[, end])`` cites ``search_result`` #i (counted in order across all messages,
including inside tool_result content), blocks ``b..end`` (exclusive, default b + 1);
cited_text/source/title are filled from the request unless given. Citations of a result
sent without ``citations: {"enabled": true}`` are dropped, as the real API would. Citing
a missing result/block is a fixture error: 500 (not retried), then ``__exit__`` raises.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import deque
from dataclasses import KW_ONLY, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional, Sequence, Union

__all__ = ["FakeAnthropic", "Reply", "Error", "Cut", "StreamError", "Text", "Cit",
           "RecordedRequest", "text", "cit", "search_results_of"]

_STATUS_BY_TYPE = {"invalid_request_error": 400, "authentication_error": 401, "permission_error": 403,
                   "rate_limit_error": 429, "api_error": 500, "overloaded_error": 529}


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
    input_tokens: Optional[int] = None   # default: estimated from the request body
    output_tokens: Optional[int] = None  # default: estimated from the answer text
    pieces: int = 3                      # text_delta events per text block (at most)
    citations_first: bool = False        # stream citations_delta before the text_deltas
    delay: float = 0.0                   # seconds to wait before answering


@dataclass
class Error:
    """An HTTP error with the API's JSON error body."""
    status: int = 529
    type: str = "overloaded_error"
    message: str = "Overloaded"
    retry_after_ms: Optional[int] = 10   # keeps SDK retries fast; None to omit the header
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


Step = Union[Reply, Error]


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
    headers: dict[str, str]          # lower-cased names; includes the real key (authorization)
    raw: bytes
    body: Any = None                 # parsed JSON (None if unparsable)
    response_status: Optional[int] = None
    step: Any = None                 # the step served, if any

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


class _FixtureError(Exception):
    """The test's steps do not fit the request (e.g. a citation of a missing result)."""


def _err_body(type_: str, message: str) -> bytes:
    return json.dumps({"type": "error", "error": {"type": type_, "message": message}}).encode()


def _validate(body: Any) -> Optional[str]:
    if not isinstance(body, dict):
        return "There was an error parsing the body of your request"
    mt, msgs = body.get("max_tokens"), body.get("messages")
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model: Field required"
    if not isinstance(mt, int) or isinstance(mt, bool) or mt < 1:
        return "max_tokens: Field required (positive integer)"
    if not isinstance(msgs, list) or not msgs or not all(
            isinstance(m, dict) and m.get("role") in ("user", "assistant") and "content" in m for m in msgs):
        return "messages: Field required (non-empty list of {role: user|assistant, content})"
    for i, sr in enumerate(search_results_of(body)):
        content = sr.get("content")
        if not isinstance(sr.get("source"), str) or not isinstance(sr.get("title"), str):
            return f"search_result #{i}: source and title must be strings"
        if not isinstance(content, list) or not content or not all(
                isinstance(c, dict) and c.get("type") == "text" and isinstance(c.get("text"), str) for c in content):
            return f"search_result #{i}: content must be a non-empty list of text blocks"
        if not isinstance(sr.get("citations", {}), dict):
            return f"search_result #{i}: citations must be an object like {{\"enabled\": true}}"
    return None


def _resolve(c: Cit, results: list[dict]) -> Optional[dict]:
    i, start = c.search_result_index, c.start_block_index
    end = c.end_block_index if c.end_block_index is not None else start + 1
    sr = results[i] if 0 <= i < len(results) else None
    if sr is None and None in (c.cited_text, c.source):
        raise _FixtureError(f"cit({i}, {start}): request has {len(results)} search_result blocks")
    if sr is not None and not (sr.get("citations") or {}).get("enabled"):
        return None
    cited = c.cited_text
    if cited is None:
        content = sr["content"]
        if not 0 <= start < end <= len(content):
            raise _FixtureError(f"cit({i}, {start}, {end}): search_result #{i} has {len(content)} blocks")
        cited = "".join(b["text"] for b in content[start:end])
    return {"type": "search_result_location",
            "source": c.source if c.source is not None else sr["source"],
            "title": c.title if c.title is not None else (sr or {}).get("title"),
            "cited_text": cited, "search_result_index": i,
            "start_block_index": start, "end_block_index": end}


def _pieces(s: str, n: int) -> list[str]:
    words = s.split(" ")
    if n <= 1 or len(words) <= 1:
        return [s]
    per = -(-len(words) // n)
    parts = [" ".join(words[k:k + per]) for k in range(0, len(words), per)]
    return [p + (" " if k < len(parts) - 1 else "") for k, p in enumerate(parts)]


class _Answer:
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
        return {"id": self.id, "type": "message", "role": "assistant", "model": self.model,
                "content": [{"type": "text", "text": t, "citations": cs} for t, cs in self.blocks],
                "stop_reason": self.reply.stop_reason, "stop_sequence": None,
                "usage": {"input_tokens": self.input_tokens, "output_tokens": self.output_tokens}}

    def events(self) -> list[tuple[str, dict]]:
        start = dict(self.message(), content=[], stop_reason=None,
                     usage={"input_tokens": self.input_tokens, "output_tokens": 1})
        ev: list[tuple[str, dict]] = [("message_start", {"type": "message_start", "message": start}),
                                      ("ping", {"type": "ping"})]
        for idx, (t, cs) in enumerate(self.blocks):
            block = {"type": "text", "text": "", **({"citations": []} if cs else {})}
            ev.append(("content_block_start", {"type": "content_block_start", "index": idx, "content_block": block}))
            texts = [{"type": "text_delta", "text": p} for p in _pieces(t, self.reply.pieces)]
            cites = [{"type": "citations_delta", "citation": c} for c in cs or []]
            for d in (cites + texts if self.reply.citations_first else texts + cites):
                ev.append(("content_block_delta", {"type": "content_block_delta", "index": idx, "delta": d}))
            ev.append(("content_block_stop", {"type": "content_block_stop", "index": idx}))
        ev.append(("message_delta", {"type": "message_delta",
                                     "delta": {"stop_reason": self.reply.stop_reason, "stop_sequence": None},
                                     "usage": {"output_tokens": self.output_tokens}}))
        ev.append(("message_stop", {"type": "message_stop"}))
        return ev


def _sse(name: str, data: dict) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


class FakeAnthropic:
    """Context manager running the fake API. ``.url`` is the SDK ``base_url``;
    ``.env`` is ``{"ANTHROPIC_BASE_URL": url}``; ``.requests`` records every request."""

    def __init__(self, default: Optional[Step] = None):
        self.default = default
        self.requests: list[RecordedRequest] = []
        self.errors: list[str] = []  # fixture misuse; raised by __exit__
        self._queue: deque = deque()
        self._lock = threading.Lock()
        self._server, self._thread, self.url = None, None, ""

    def enqueue(self, *steps: Step) -> "FakeAnthropic":
        with self._lock:
            self._queue.extend(steps)
        return self

    @property
    def pending(self) -> int:  # queued steps not yet consumed
        return len(self._queue)

    @property
    def env(self) -> dict[str, str]:
        return {"ANTHROPIC_BASE_URL": self.url}

    def __enter__(self) -> "FakeAnthropic":
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads, server.block_on_close = True, False
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-anthropic", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
        self._server = self._thread = None
        if self.errors and exc_type is None:
            raise AssertionError("fake_anthropic fixture errors: " + "; ".join(self.errors))


class _Handler(BaseHTTPRequestHandler):  # one thread per request; Connection: close
    owner: FakeAnthropic
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.do_POST()  # -> 404

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        self.req = req = RecordedRequest(self.command, self.path, headers, raw, body)
        with self.owner._lock:
            self.owner.requests.append(req)
            self.n = len(self.owner.requests)
        no_retry = {"x-should-retry": "false"}
        if self.command != "POST" or self.path.split("?")[0] != "/v1/messages":
            return self._error(404, "not_found_error", f"fake_anthropic: no route {self.command} {self.path}")
        if not req.api_key or req.api_key == "bad-key":
            return self._error(401, "authentication_error", "invalid x-api-key" if req.api_key else "no API key")
        problem = _validate(body)
        if problem:
            return self._error(400, "invalid_request_error", problem)
        with self.owner._lock:
            step = req.step = self.owner._queue.popleft() if self.owner._queue else self.owner.default
        if step is None:
            return self._error(500, "api_error", "fake_anthropic: no step queued", no_retry)
        if isinstance(step, Error):
            extra = {"retry-after-ms": step.retry_after_ms, "x-should-retry": step.should_retry}
            extra = {k: str(v).lower() for k, v in extra.items() if v is not None}
            return self._error(step.status, step.type, step.message, {**extra, **step.headers})
        try:
            answer = _Answer(step, body, raw, f"msg_fake_{self.n:04d}")
        except _FixtureError as e:
            self.owner.errors.append(str(e))
            return self._error(500, "api_error", f"fake_anthropic fixture error: {e}", no_retry)
        time.sleep(step.delay)
        if req.stream:
            self._stream(answer, step)
        elif isinstance(step, StreamError):
            self._error(_STATUS_BY_TYPE.get(step.type, 500), step.type, step.message, {"retry-after-ms": "10"})
        else:
            data = json.dumps(answer.message()).encode()
            if isinstance(step, Cut):
                self._start(200, "application/json", {"content-length": str(len(data))})
                self.wfile.write(data[: len(data) // 2])
                return self._drop()
            self._send(200, data)

    def _start(self, status: int, ctype: str, extra: Optional[dict] = None) -> None:
        self.req.response_status = status
        self.send_response(status)
        headers = {"content-type": ctype, "request-id": f"req_fake_{self.n:04d}", "connection": "close"}
        for k, v in {**headers, **(extra or {})}.items():
            self.send_header(k, v)
        self.end_headers()
        self.close_connection = True

    def _send(self, status: int, data: bytes, extra: Optional[dict] = None) -> None:
        self._start(status, "application/json", {"content-length": str(len(data)), **(extra or {})})
        self.wfile.write(data)

    def _error(self, status: int, type_: str, message: str, extra: Optional[dict] = None) -> None:
        self._send(status, _err_body(type_, message), extra)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _drop(self) -> None:
        self.wfile.flush()
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _stream(self, answer: _Answer, step: Reply) -> None:
        self._start(200, "text/event-stream; charset=utf-8", {"transfer-encoding": "chunked", "cache-control": "no-cache"})
        events = answer.events()
        limit = step.after_events if isinstance(step, (Cut, StreamError)) else len(events)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client went away
            for name, data in events[:limit]:
                self._chunk(_sse(name, data))
            if isinstance(step, Cut):
                return self._drop()  # no terminating chunk: the client sees an incomplete body
            if isinstance(step, StreamError):
                self._chunk(_sse("error", json.loads(_err_body(step.type, step.message))))
            self.wfile.write(b"0\r\n\r\n")
