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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional

from briefer.testing.anthropic_wire import (  # the steps are re-exported
    STATUS_BY_TYPE,
    Cit,
    Cut,
    Error,
    FixtureError,
    RecordedRequest,
    Reply,
    ScriptedAnswer,
    Step,
    StreamError,
    Text,
    cit,
    error_body,
    search_results_of,
    sse_event,
    text,
    validate_request,
)
from briefer.testing.raw_steps import Drip, Raw, serve_raw

__all__ = [
    "FakeAnthropic",
    "Reply",
    "Error",
    "Cut",
    "StreamError",
    "Raw",
    "Drip",
    "Text",
    "Cit",
    "RecordedRequest",
    "text",
    "cit",
    "search_results_of",
]


class FakeAnthropic:
    """Context manager running the fake API. ``.url`` is the SDK ``base_url``;
    ``.env`` is ``{"ANTHROPIC_BASE_URL": url}``; ``.requests`` records every request."""

    def __init__(self, default: Optional[Step] = None):
        self.default = default
        self.requests: list[RecordedRequest] = []
        self.errors: list[str] = []  # fixture misuse; raised by __exit__
        self._queue: deque = deque()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def enqueue(self, *steps: Step) -> FakeAnthropic:
        with self._lock:
            self._queue.extend(steps)
        return self

    @property
    def pending(self) -> int:  # queued steps not yet consumed
        return len(self._queue)

    @property
    def env(self) -> dict[str, str]:
        return {"ANTHROPIC_BASE_URL": self.url}

    def __enter__(self) -> FakeAnthropic:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads, server.block_on_close = True, False
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        self._thread = thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-anthropic", daemon=True
        )
        thread.start()
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
        problem = validate_request(body)
        if problem:
            return self._error(400, "invalid_request_error", problem)
        with self.owner._lock:
            step = req.step = self.owner._queue.popleft() if self.owner._queue else self.owner.default
        if step is None:
            return self._error(500, "api_error", "fake_anthropic: no step queued", no_retry)
        if isinstance(step, (Raw, Drip)):
            return serve_raw(self, step)
        if isinstance(step, Error):
            given = {"retry-after-ms": step.retry_after_ms, "x-should-retry": step.should_retry}
            extra = {k: str(v).lower() for k, v in given.items() if v is not None}
            return self._error(step.status, step.type, step.message, {**extra, **step.headers})
        try:
            answer = ScriptedAnswer(step, body or {}, raw, f"msg_fake_{self.n:04d}")
        except FixtureError as e:
            self.owner.errors.append(str(e))
            return self._error(500, "api_error", f"fake_anthropic fixture error: {e}", no_retry)
        time.sleep(step.delay)
        if req.stream:
            self._stream(answer, step)
        elif isinstance(step, StreamError):
            self._error(STATUS_BY_TYPE.get(step.type, 500), step.type, step.message, {"retry-after-ms": "10"})
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
        self._send(status, error_body(type_, message), extra)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _drop(self) -> None:
        self.wfile.flush()
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _stream(self, answer: ScriptedAnswer, step: Reply) -> None:
        self._start(
            200, "text/event-stream; charset=utf-8", {"transfer-encoding": "chunked", "cache-control": "no-cache"}
        )
        events = answer.events()
        limit = step.after_events if isinstance(step, (Cut, StreamError)) else len(events)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client went away
            for name, data in events[:limit]:
                self._chunk(sse_event(name, data))
            if isinstance(step, Cut):
                return self._drop()  # no terminating chunk: the client sees an incomplete body
            if isinstance(step, StreamError):
                self._chunk(sse_event("error", json.loads(error_body(step.type, step.message))))
            self.wfile.write(b"0\r\n\r\n")
